using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Alter.Sandbox;
using Alter.Typed.GitHub;
using Alter.Typed.Slack;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Alter.Typed.PackageTests;

/// <summary><c>services.AddAlter()</c>: an ASP.NET Core endpoint takes <see cref="SlackClient"/> as a parameter (acceptance 4).</summary>
public sealed class DependencyInjectionTests : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "alter-di-" + Guid.NewGuid().ToString("N")[..12]);
    private readonly byte[] _vaultKey = RandomNumberGenerator.GetBytes(32);
    private SandboxServer _sandbox = null!;
    private string _apiKey = null!;

    private string DatabasePath => Path.Combine(_directory, "alter.db");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        _sandbox = await SandboxServer.StartAsync();
        // An app with a key and a Slack grant connected beforehand, as a deployed service would find its store.
        var options = new AlterOptions { DatabasePath = DatabasePath, VaultKey = _vaultKey, OpenBrowser = SandboxBrowser.OpenAsync, ConnectTimeout = TimeSpan.FromSeconds(20) };
        foreach (var p in _sandbox.Providers)
            options.Providers[p.Id] = new ProviderSettings
            {
                ClientId = p.ClientId, ClientSecret = p.ClientSecret, AuthorizationUrl = p.AuthorizationUrl, TokenUrl = p.TokenUrl,
                RevocationUrl = p.RevocationUrl, ApiBaseUrl = p.ApiBaseUrl, AllowedHosts = [p.Authority],
            };
        var admin = AlterAdmin.Open(options);
        admin.CreateApp("web");
        _apiKey = admin.MintKey("web").ApiKey;
        await using var app = new App(_apiKey, options);
        await app.Connect(["slack"]);
    }

    public async Task DisposeAsync()
    {
        await _sandbox.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        PackedPackages.TryDelete(_directory);
    }

    /// <summary>The <c>Alter</c> configuration section of a service pointed at the sandbox, as appsettings.json would hold it.</summary>
    private Dictionary<string, string?> Configuration()
    {
        var slack = _sandbox.Provider("slack");
        return new()
        {
            ["Alter:ApiKey"] = _apiKey,
            ["Alter:DatabasePath"] = DatabasePath,
            ["Alter:VaultKey"] = Convert.ToBase64String(_vaultKey),
            ["Alter:AuditFlushInterval"] = "00:00:00.100",
            ["Alter:Providers:slack:ClientId"] = slack.ClientId,
            ["Alter:Providers:slack:ClientSecret"] = slack.ClientSecret,
            ["Alter:Providers:slack:AuthorizationUrl"] = slack.AuthorizationUrl,
            ["Alter:Providers:slack:TokenUrl"] = slack.TokenUrl,
            ["Alter:Providers:slack:RevocationUrl"] = slack.RevocationUrl,
            ["Alter:Providers:slack:ApiBaseUrl"] = slack.ApiBaseUrl,
            ["Alter:Providers:slack:AllowedHosts:0"] = slack.Authority,
        };
    }

    [Fact]
    public async Task An_endpoint_receives_SlackClient_by_injection_and_posts_through_it_to_the_sandbox()
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], EnvironmentName = Environments.Production });
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(Configuration());
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));

        builder.Services.AddAlter();
        // The app's network I/O is the IHttpClientFactory client "Alter.Typed": a handler added there sees every call.
        var wire = new RecordingHandler();
        builder.Services.AddHttpClient(AlterServiceCollectionExtensions.HttpClientName).AddHttpMessageHandler(() => wire);

        await using var web = builder.Build();
        web.MapPost("/post", async (SlackClient slack, PostBody body, CancellationToken cancellationToken) =>
        {
            var sent = await slack.Chat.PostMessage(new() { Channel = body.Channel, Text = body.Text }, cancellationToken);
            return Results.Ok(new PostAnswer(sent.Ok, sent.Channel, sent.Ts));
        });
        await web.StartAsync();
        try
        {
            var address = web.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
            Assert.StartsWith("http://127.0.0.1:", address, StringComparison.Ordinal);
            using var http = new HttpClient { BaseAddress = new Uri(address) };

            using var response = await http.PostAsJsonAsync("/post", new PostBody("#general", "Hello from an injected SlackClient."));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var answer = await response.Content.ReadFromJsonAsync<PostAnswer>();
            Assert.NotNull(answer);
            Assert.True(answer.Ok);
            Assert.False(string.IsNullOrEmpty(answer.Ts));

            // The sandbox received the message, through the factory's handler, with the token the app injected.
            var message = Assert.Single(_sandbox.State.Messages, m => m.Text == "Hello from an injected SlackClient.");
            Assert.Equal(answer.Ts, message.Ts);
            Assert.Contains(wire.Requests, r => r.Uri.AbsolutePath.EndsWith("/chat.postMessage", StringComparison.Ordinal) && r.HasBearerToken);

            // One app for the service: the injected client belongs to it, and its audit log has the call.
            var app = web.Services.GetRequiredService<App>();
            Assert.Same(app, web.Services.GetRequiredService<AlterApp>());
            Assert.Same(app.Slack, web.Services.GetRequiredService<SlackClient>());
            Assert.Equal("web", app.Info.Name);
            var rows = await app.Audit(new AuditQuery { Provider = "slack" });
            Assert.Contains(rows, r => r.Operation == "chat.postMessage" && r.Status == 200);
        }
        finally
        {
            await web.StopAsync();
        }
    }

    [Fact]
    public async Task Options_bind_from_the_Alter_section_then_the_callback_and_the_registrations_are_single()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(Configuration()).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddAlter(options => options.RefreshSkew = TimeSpan.FromSeconds(5));
        services.AddAlter();   // a second call adds nothing twice

        Assert.Single(services, d => d.ServiceType == typeof(App));
        Assert.Single(services, d => d.ServiceType == typeof(AlterApp));
        Assert.Single(services, d => d.ServiceType == typeof(SlackClient));
        Assert.Single(services, d => d.ServiceType == typeof(GitHubClient));

        await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        var options = provider.GetRequiredService<IOptions<AlterOptions>>().Value;
        Assert.Equal(DatabasePath, options.DatabasePath);
        Assert.Equal(_vaultKey, options.VaultKey);
        Assert.Equal(TimeSpan.FromMilliseconds(100), options.AuditFlushInterval);
        Assert.Equal(TimeSpan.FromSeconds(5), options.RefreshSkew);
        var slack = options.Providers["SLACK"];   // ids are case-insensitive, as in code
        Assert.Equal(_sandbox.Provider("slack").ClientId, slack.ClientId);
        Assert.Equal(_sandbox.Provider("slack").ApiBaseUrl, slack.ApiBaseUrl);
        Assert.Equal([_sandbox.Provider("slack").Authority], slack.AllowedHosts);

        var app = provider.GetRequiredService<App>();
        Assert.Same(app, provider.GetRequiredService<AlterApp>());
        Assert.Same(app.GitHub, provider.GetRequiredService<GitHubClient>());
        Assert.NotNull(options.PrimaryHandler);    // from IHttpClientFactory
        Assert.NotNull(options.LoggerFactory);     // from the container
        Assert.Single(app.ListGrants("slack"));
    }

    [Fact]
    public async Task The_app_sends_through_the_factory_client_without_loggers_or_a_second_retry_policy()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(Configuration()).Build());
        services.AddLogging();
        // What a service-defaults project does to every client: a resilience handler, and a handler of its own.
        services.ConfigureHttpClientDefaults(http => http.AddStandardResilienceHandler());
        services.ConfigureHttpClientDefaults(http => http.AddHttpMessageHandler(() => new RecordingHandler()));
        services.AddAlter();
        await using var provider = services.BuildServiceProvider();
        _ = provider.GetRequiredService<App>();

        var chain = new List<HttpMessageHandler>();
        for (var handler = provider.GetRequiredService<IOptions<AlterOptions>>().Value.PrimaryHandler; handler is not null; handler = (handler as DelegatingHandler)?.InnerHandler)
            chain.Add(handler);
        var names = string.Join(" -> ", chain.Select(h => h.GetType().Name));

        Assert.Contains(chain, h => h is RecordingHandler);                                                  // the defaults apply
        Assert.DoesNotContain(chain, h => h is Microsoft.Extensions.Http.Resilience.ResilienceHandler);      // but not a second retry policy
        Assert.DoesNotContain(chain, h => h.GetType().Name.Contains("Logging", StringComparison.Ordinal));   // it sees tokens: no request logs
        var primary = Assert.IsType<SocketsHttpHandler>(chain[^1]);
        Assert.Equal(TimeSpan.FromMinutes(2), primary.PooledConnectionLifetime);
        Assert.True(chain.Count <= 4, names);
    }

    [Fact]
    public async Task Without_an_API_key_resolving_the_app_says_where_to_put_one()
    {
        var configuration = Configuration();
        configuration.Remove("Alter:ApiKey");
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(configuration).Build());
        services.AddAlter();
        await using var provider = services.BuildServiceProvider();
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("ALTER_API_KEY"))) return;   // the environment's key would be used
        var error = Assert.Throws<ApiKeyException>(() => provider.GetRequiredService<SlackClient>());
        Assert.Contains("Alter:ApiKey", error.Message, StringComparison.Ordinal);
        Assert.Contains("ALTER_API_KEY", error.Message, StringComparison.Ordinal);
    }

    public sealed record PostBody(string Channel, string Text);

    public sealed record PostAnswer(bool Ok, string? Channel, string? Ts);

    private sealed class RecordingHandler : DelegatingHandler
    {
        public System.Collections.Concurrent.ConcurrentQueue<(Uri Uri, bool HasBearerToken)> Requests { get; } = new();

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests.Enqueue((request.RequestUri!, request.Headers.Authorization?.Scheme == "Bearer" && !string.IsNullOrEmpty(request.Headers.Authorization.Parameter)));
            return base.SendAsync(request, cancellationToken);
        }
    }
}
