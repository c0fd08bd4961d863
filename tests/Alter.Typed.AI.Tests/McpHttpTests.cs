using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Alter.Typed.Http;
using Alter.Typed.Slack;
using Alter.Typed.Tests;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using Xunit;

namespace Alter.Typed.AI.Tests;

/// <summary>
/// Acceptance 5 of issue 13 over HTTP: <c>MapAlterMcp()</c> on Kestrel (127.0.0.1), the MCP SDK's own client, an
/// agent's app and its own Slack grant on the sandbox, bearer tokens signed by a test issuer.
/// </summary>
public sealed class McpHttpTests
{
    private const string Issuer = "https://issuer.test/";
    private const string PostTool = "slack_chat_postMessage";
    private static readonly RsaSecurityKey SigningKey = new(RSA.Create(2048)) { KeyId = "test" };

    private sealed class Host : IAsyncDisposable
    {
        public required TestWorld World { get; init; }
        public required App Admin { get; init; }
        public required App Agent { get; init; }
        public required WebApplication Web { get; init; }
        public required Uri Endpoint { get; init; }

        public async ValueTask DisposeAsync()
        {
            await Web.DisposeAsync();
            await Agent.DisposeAsync();
            await Admin.DisposeAsync();
            await World.DisposeAsync();
        }
    }

    private static async Task<Host> StartAsync(bool perUser = false, Action<JwtBearerOptions>? widen = null)
    {
        var world = await TestWorld.StartAsync();
        world.Options.Policies.Add(new AccessPolicyEnforcer(AccessPolicy.Create("mcp agent").Allow(SlackOperations.ChatPostMessage).Build()));
        var admin = world.OpenApp();
        var created = admin.Agents.Create("mcp-bot", AccessPolicy.Create("mcp agent").Allow(SlackOperations.ChatPostMessage).Build()); // its own stored policy
        var agent = new App(created.Key.ApiKey, world.Options);
        await agent.Connect(["slack"]); // the agent's own Slack grant, in the vault

        var port = FreePort();
        var endpoint = new Uri($"http://127.0.0.1:{port}/mcp");
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, port));
        builder.Services.AddSingleton<AlterApp>(perUser ? admin : agent);
        builder.Services.AddAlterMcp(o =>
        {
            o.Resource = endpoint;
            // Per user: the tools act for the token's subject (its own grants only); otherwise for the app's caller (the agent).
            if (perUser) o.Scope = http => new ToolScope { Principal = Alter.Typed.AspNetCore.AlterClaims.ToPrincipal(http.User) ?? throw new InvalidOperationException("no user") };
            o.AuthorizationServers.Add(new Uri(Issuer));
            o.JwtBearer = jwt =>
            {
                jwt.RequireHttpsMetadata = false;
                jwt.TokenValidationParameters = new TokenValidationParameters { ValidIssuer = Issuer, IssuerSigningKey = SigningKey };
                widen?.Invoke(jwt);
            };
        });
        var web = builder.Build();
        web.MapAlterMcp("/mcp");
        await web.StartAsync();
        return new Host { World = world, Admin = admin, Agent = agent, Web = web, Endpoint = endpoint };
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string Token(string audience, string subject = "mcp-client")
        => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = audience,
            Subject = new ClaimsIdentity([new Claim("sub", subject)]),
            Expires = DateTime.UtcNow.AddMinutes(5),
            SigningCredentials = new SigningCredentials(SigningKey, SecurityAlgorithms.RsaSha256),
        });

    private static Task<McpClient> ConnectAsync(Host host, string token)
        => McpClient.CreateAsync(new HttpClientTransport(new HttpClientTransportOptions
        {
            Endpoint = host.Endpoint,
            AdditionalHeaders = new Dictionary<string, string> { ["Authorization"] = "Bearer " + token },
        }));

    /// <summary>An MCP request without the client: what an unauthenticated or wrongly authenticated client gets.</summary>
    private static async Task<HttpResponseMessage> PostInitializeAsync(Host host, string? token)
    {
        using var http = new HttpClient();
        var request = new HttpRequestMessage(HttpMethod.Post, host.Endpoint)
        {
            Content = new StringContent("""{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Accept.ParseAdd("application/json");
        request.Headers.Accept.ParseAdd("text/event-stream");
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await http.SendAsync(request);
    }

    [Fact]
    public async Task The_sdk_client_lists_and_calls_the_agents_tools_and_the_provider_sees_only_the_vaults_token()
    {
        await using var host = await StartAsync();
        var token = Token(host.Endpoint.AbsoluteUri);
        await using var client = await ConnectAsync(host, token);

        var tools = await client.ListToolsAsync();
        Assert.Equal([PostTool], tools.Select(t => t.Name));
        Assert.DoesNotContain("grant", tools[0].JsonSchema.GetRawText(), StringComparison.OrdinalIgnoreCase);

        var result = await client.CallToolAsync(PostTool, new Dictionary<string, object?> { ["channel"] = "#general", ["text"] = "over MCP" });

        Assert.True(result.IsError is null or false, string.Join("\n", result.Content.OfType<TextContentBlock>().Select(c => c.Text)));
        Assert.Equal("over MCP", Assert.Single(host.World.Sandbox.State.Messages).Text);
        // No token passthrough: the provider got the vault's token for the agent's grant, never the MCP client's.
        var call = Assert.Single(host.World.Sandbox.State.ApiRequests, r => r.ProviderId == "slack" && r.PathAndQuery.Contains("chat.postMessage", StringComparison.Ordinal));
        Assert.NotNull(call.Authorization);
        Assert.DoesNotContain(token, call.Authorization, StringComparison.Ordinal);
        Assert.Contains(call.Authorization!.Split(' ').Last(), host.World.Wire.IssuedTokens);
        Assert.DoesNotContain(host.World.Wire.Sent, s => s.Authorization?.Contains(token, StringComparison.Ordinal) == true);
        var row = (await host.Admin.Audit(new AuditQuery { Provider = "slack" })).Single(r => r.Operation == "chat.postMessage");
        Assert.Equal(PostTool, row.Tool);
        Assert.Equal(Principal.Agent(host.Agent.Agent!.Id).Key, row.Principal);
        Assert.Equal("ok", row.Outcome);
    }

    [Fact]
    public async Task With_a_per_user_scope_the_tokens_subject_reaches_only_its_own_grant()
    {
        await using var host = await StartAsync(perUser: true);
        var alice = Principal.User(Issuer, "alice");
        var grant = Assert.Single(await host.Admin.Connect(["slack"], new ConnectOptions { Owner = alice })).GrantId;

        await using (var asAlice = await ConnectAsync(host, Token(host.Endpoint.AbsoluteUri, "alice")))
        {
            var result = await asAlice.CallToolAsync(PostTool, new Dictionary<string, object?> { ["channel"] = "#general", ["text"] = "for alice" });
            Assert.True(result.IsError is null or false);
        }
        var row = (await host.Admin.Audit(new AuditQuery { Provider = "slack" })).Single(r => r.Operation == "chat.postMessage" && r.Outcome == "ok");
        Assert.Equal(alice.Key, row.Principal);
        Assert.Equal(grant, row.GrantId);

        // Bob has no grant: his call fails before anything is sent (no fallback to alice's or the app's grant).
        var sent = host.World.Wire.Sent.Count;
        await using (var asBob = await ConnectAsync(host, Token(host.Endpoint.AbsoluteUri, "bob")))
        {
            var result = await asBob.CallToolAsync(PostTool, new Dictionary<string, object?> { ["channel"] = "#general", ["text"] = "for bob" });
            Assert.True(result.IsError);
        }
        Assert.Equal(sent, host.World.Wire.Sent.Count);
        Assert.Equal(["for alice"], host.World.Sandbox.State.Messages.Select(m => m.Text));
    }

    [Fact]
    public async Task No_token_or_a_token_for_another_audience_gets_401_with_the_resource_metadata()
    {
        await using var host = await StartAsync();
        var metadataUrl = new Uri(host.Endpoint, "/.well-known/oauth-protected-resource/mcp");

        foreach (var token in new[] { null, Token("https://another-resource.test/mcp"), Token(host.Endpoint.AbsoluteUri) + "x" })
        {
            using var response = await PostInitializeAsync(host, token);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            var challenge = Assert.Single(response.Headers.WwwAuthenticate);
            Assert.Equal("Bearer", challenge.Scheme);
            Assert.Contains($"resource_metadata=\"{metadataUrl}\"", challenge.Parameter, StringComparison.Ordinal);
        }

        using var http = new HttpClient();
        using var metadata = JsonDocument.Parse(await http.GetStringAsync(metadataUrl));
        Assert.Equal(host.Endpoint.OriginalString, metadata.RootElement.GetProperty("resource").GetString());
        Assert.Equal(Issuer, Assert.Single(metadata.RootElement.GetProperty("authorization_servers").EnumerateArray()).GetString());

        // The right audience is let in, and a wrong one never reached a tool or a provider.
        using (var ok = await PostInitializeAsync(host, Token(host.Endpoint.AbsoluteUri)))
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.DoesNotContain(host.World.Sandbox.State.ApiRequests, r => r.ProviderId == "slack" && r.PathAndQuery.Contains("chat.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_host_cannot_widen_the_audience_a_token_for_another_resource_still_gets_401()
    {
        const string Other = "https://another-resource.test/api";
        await using var host = await StartAsync(widen: jwt =>
        {
            jwt.Audience = Other;                                             // the host's own API, shared by mistake
            jwt.TokenValidationParameters.ValidAudience = Other;
            jwt.TokenValidationParameters.AudienceValidator = (_, _, _) => true;
            jwt.TokenValidationParameters.ValidateLifetime = false;
        });

        using (var other = await PostInitializeAsync(host, Token(Other)))
            Assert.Equal(HttpStatusCode.Unauthorized, other.StatusCode);
        using (var ok = await PostInitializeAsync(host, Token(host.Endpoint.AbsoluteUri)))
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
    }

    [Fact]
    public async Task A_tool_outside_the_policy_is_not_listed_and_a_call_to_it_reaches_no_provider()
    {
        await using var host = await StartAsync();
        await using var client = await ConnectAsync(host, Token(host.Endpoint.AbsoluteUri));
        var before = host.World.Wire.Sent.Count;

        var listed = await client.ListToolsAsync();
        Assert.DoesNotContain("slack_auth_test", listed.Select(t => t.Name));
        var refused = await Record.ExceptionAsync(async () =>
        {
            var result = await client.CallToolAsync("slack_auth_test", new Dictionary<string, object?>());
            Assert.True(result.IsError);
        });
        Assert.True(refused is null or ModelContextProtocol.McpException, refused?.ToString());
        Assert.Equal(before, host.World.Wire.Sent.Count);
        var row = (await host.Admin.Audit()).Single(r => r.Tool == "slack_auth_test");
        Assert.Equal("denied:tool:not_listed", row.Outcome);
        Assert.Equal(Principal.Agent(host.Agent.Agent!.Id).Key, row.Principal);
    }
}
