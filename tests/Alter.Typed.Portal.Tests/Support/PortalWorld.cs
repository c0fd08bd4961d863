using System.Net;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Alter.Sandbox;
using Alter.Typed.AspNetCore;
using Alter.Typed.Vault;
using Microsoft.Data.Sqlite;

namespace Alter.Typed.Portal.Tests.Support;

/// <summary>
/// The standalone portal (<see cref="AlterPortalServer"/>, as <c>alter portal</c> starts it) on 127.0.0.1 over a store in a
/// temp folder, with planted secrets the pages must never show: an app "acme" with an API key minted outside the portal,
/// Slack settings with a client secret, a user's grant with access and refresh tokens, an agent with a key, and a
/// delegation; and an app-owned Slack grant connected through the provider sandbox (<see cref="Connected"/>, whose
/// revocation the sandbox answers: nothing leaves the machine). <see cref="SignInAsync"/> gives an HttpClient with the admin session cookie.
/// </summary>
internal sealed partial class PortalWorld : IAsyncDisposable
{
    public static readonly Principal Ada = Principal.User("https://idp.example/", "ada");

    private PortalWorld(string directory, AlterOptions options, SandboxServer sandbox) => (Directory, Options, Sandbox) = (directory, options, sandbox);

    public SandboxServer Sandbox { get; }
    public GrantInfo Connected { get; private set; } = null!;

    public string Directory { get; }
    public AlterOptions Options { get; }
    public AlterPortalServer Server { get; private set; } = null!;
    public App App { get; private set; } = null!;
    public AppInfo AppInfo { get; private set; } = null!;
    public GrantInfo Grant { get; private set; } = null!;
    public AgentInfo Agent { get; private set; } = null!;
    public Delegation Delegation { get; private set; } = null!;
    public string AppKeyId { get; private set; } = null!;
    public string AgentKeyId { get; private set; } = null!;

    /// <summary>The newest audit row of the app when the world started (the audit row page's id).</summary>
    public long AuditRowId { get; private set; }

    /// <summary>Every secret planted in the store: no page may ever contain one.</summary>
    public List<string> Secrets { get; } = [];

    public string AppKey => Secrets[0];

    public static async Task<PortalWorld> StartAsync()
    {
        var directory = Path.Combine(Path.GetTempPath(), "alter-portal-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(directory);
        var sandbox = await SandboxServer.StartAsync();
        var options = new AlterOptions
        {
            DatabasePath = Path.Combine(directory, "alter.db"), VaultKey = RandomNumberGenerator.GetBytes(32), OpenBrowser = SandboxBrowser.OpenAsync,
        };
        var slack = sandbox.Provider("slack");
        options.Providers["slack"] = new ProviderSettings
        {
            ClientId = slack.ClientId, ClientSecret = slack.ClientSecret, AuthorizationUrl = slack.AuthorizationUrl, TokenUrl = slack.TokenUrl,
            RevocationUrl = slack.RevocationUrl, ApiBaseUrl = slack.ApiBaseUrl, AllowedHosts = [slack.Authority],
        };
        var world = new PortalWorld(directory, options, sandbox);
        var admin = AlterAdmin.Open(options);
        world.AppInfo = admin.CreateApp("acme");
        var minted = admin.MintKey("acme");
        world.Secrets.Add(minted.ApiKey);
        var clientSecret = "planted-client-secret-" + RandomNumberGenerator.GetHexString(16);
        world.Secrets.Add(clientSecret);
        admin.ConfigureProvider("acme", "slack", new ProviderSettings { ClientId = "planted-client-id", ClientSecret = clientSecret });

        world.App = new App(minted.ApiKey, options);
        var access = "fake-planted-access-token-" + RandomNumberGenerator.GetHexString(16);
        var refresh = "fake-planted-refresh-token-" + RandomNumberGenerator.GetHexString(16);
        world.Secrets.AddRange([access, refresh]);
        world.Grant = world.App.GrantStore.Save("slack", Ada, "T0001", ["chat:write"], new TokenSet(access, refresh, DateTimeOffset.UtcNow.AddHours(1)));
        var agent = world.App.Agents.Create("helper", AccessPolicy.Create("helper-policy").Allow("slack:chat.postMessage").Build());
        world.Agent = agent.Agent;
        world.AgentKeyId = agent.Key.Info.Id;
        world.AppKeyId = minted.Info.Id;
        world.Secrets.Add(agent.Key.ApiKey);
        world.Delegation = world.App.Delegations.Create(Ada, world.Grant.Id, agent.Agent.Id, TimeSpan.FromHours(1));
        world.Connected = (GrantInfo)world.App.GetGrant((await world.App.Connect(["slack"]))[0].GrantId)!;
        var connectedTokens = world.App.GrantStore.ReadTokens(world.Connected.Id)!.Value.Tokens;
        world.Secrets.Add(connectedTokens.AccessToken);
        if (connectedTokens.RefreshToken is { } connectedRefresh) world.Secrets.Add(connectedRefresh);
        world.AuditRowId = (await world.App.Audit(new AuditQuery { Limit = 1 }))[0].Id;

        world.Server = await AlterPortalServer.StartAsync(0, o =>
        {
            o.Alter = options;
            foreach (var provider in App.Catalog) o.Providers.Add(provider);
        });
        world.Secrets.Add(world.Server.AdminKey);
        return world;
    }

    /// <summary>A client of the portal with its own cookies, following no redirects.</summary>
    public HttpClient NewClient()
        => new(new SocketsHttpHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() }) { BaseAddress = Server.Url, Timeout = TimeSpan.FromSeconds(60) };

    /// <summary>A client signed in with the admin key.</summary>
    public async Task<HttpClient> SignInAsync()
    {
        var client = NewClient();
        using var response = await PostFormAsync(client, "signin", "signin", new() { ["key"] = Server.AdminKey });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    /// <summary>GETs <paramref name="page"/> and posts a form of it to <paramref name="action"/> with the page's antiforgery token.</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string page, string action, Dictionary<string, string> fields)
    {
        var html = await client.GetStringAsync(page);
        var token = TokenField().Match(html);
        Assert.True(token.Success, "The page has no antiforgery field: " + html);
        fields[WebUtility.HtmlDecode(token.Groups[1].Value)] = WebUtility.HtmlDecode(token.Groups[2].Value);
        return await client.PostAsync(action, new FormUrlEncodedContent(fields));
    }

    [GeneratedRegex("""<input type="hidden" name="(__RequestVerificationToken)" value="([^"]+)"\s*/?>""")]
    private static partial Regex TokenField();

    /// <summary>What a change would alter: rows and revocations of every table the portal writes, and the audit log.</summary>
    public string Snapshot() => string.Join(", ", new[]
    {
        Count("apps"), Count("api_keys"), Count("api_keys", "revoked_at IS NULL"), Count("grants"), Count("tokens"), Count("provider_settings"),
        Count("agent_keys"), Count("agent_keys", "revoked_at IS NULL"), Count("delegations", "revoked_at IS NULL"), Count("approvals"), Count("audit"),
        Count("provider_settings", "client_id = 'planted-client-id'"), Count("provider_settings", "updated_at > 0"),
    }) + " " + Scalar("SELECT group_concat(updated_at) FROM provider_settings");

    private string Scalar(string sql)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Options.DatabasePath, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToString(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) ?? "";
    }

    public long Count(string table, string where = "1=1")
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Options.DatabasePath, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM {table} WHERE {where}";
        return (long)command.ExecuteScalar()!;
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        await App.DisposeAsync();
        await Sandbox.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try { System.IO.Directory.Delete(Directory, recursive: true); }
        catch (IOException) { }
    }
}
