using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Xunit;

namespace Alter.Typed.Tests;

/// <summary>
/// Figma typed end to end through the sandbox: connect, typed calls, audit rows; Figma's 403 "Invalid token" read as
/// a dead token; and its separate refresh endpoint, which the description format cannot name yet.
/// </summary>
public sealed class FigmaProviderTests
{
    [Fact]
    public async Task Figma_connect_then_me_then_audit_row()
    {
        await using var world = await TestWorld.StartAsync();
        await using var app = world.OpenApp();

        var grantId = await CatalogCalls.ConnectAsync(app, "figma");

        var me = await app.Figma.WithGrant(grantId).Users.Me();

        Assert.Equal("1184537129042391054", me.Id);
        Assert.Equal("Ada Lovelace", me.Handle);
        Assert.Equal("ada@example.com", me.Email);
        Assert.StartsWith("https://", me.ImgUrl, StringComparison.Ordinal);
        await CatalogCalls.AssertOneOkCallAndAuditRowAsync(world, app, "figma", "getMe", grantId);
    }

    [Fact]
    public async Task Figma_file_projects_and_comments_have_their_typed_fields()
    {
        await using var world = await TestWorld.StartAsync();
        await using var app = world.OpenApp();
        var figma = app.Figma.WithGrant(await CatalogCalls.ConnectAsync(app, "figma"));

        var project = Assert.Single((await figma.Projects.ListForTeam("1184537158394830284")).Projects);
        var fileKey = Assert.Single((await figma.Projects.ListFiles(project.Id)).Files).Key;
        var file = await figma.Files.Get(fileKey);
        var reply = await figma.Comments.Post(fileKey, new() { Message = "Done: the header sticks.", CommentId = "1361478" });
        var placed = await figma.Comments.Post(fileKey, new() { Message = "Bigger button?", ClientMeta = new() { NodeId = "1:2", NodeOffset = new() { X = 10, Y = 20 } } });
        var comments = (await figma.Comments.List(fileKey)).Comments;

        Assert.Equal("Website", project.Name);
        Assert.Equal("Landing page", file.Name);
        Assert.Equal("DOCUMENT", file.Document.Type);
        Assert.Equal("Button", file.Components?["3:7"].Name);
        Assert.Equal("FILL", file.Styles?["4:1"].StyleType);
        Assert.Equal("1361478", reply.ParentId);
        Assert.Null(reply.OrderId);
        Assert.Equal("2", placed.OrderId);
        Assert.Equal(10, placed.ClientMeta?.NodeOffset?.X);
        Assert.Equal(3, comments.Count);
        Assert.Null(comments[0].ResolvedAt);
        Assert.Equal("Ada Lovelace", comments[0].User.Handle);
    }

    [Fact]
    public async Task Figma_403_invalid_token_is_read_as_a_dead_token_refreshed_at_the_refresh_url_and_the_call_succeeds()
    {
        await using var world = await TestWorld.StartAsync();
        await using var app = world.OpenApp();
        var grantId = await CatalogCalls.ConnectAsync(app, "figma");
        world.Sandbox.State.ExpireAccessTokens("figma");

        // Figma refreshes at v1/oauth/refresh (auth.refreshUrl), not at its token URL, which exchanges codes only.
        var me = await app.Figma.WithGrant(grantId).Users.Me();

        Assert.NotNull(me.Id);
        Assert.Equal(1, world.Sandbox.State.RefreshRequests("figma"));
        Assert.Equal([403, 200], world.Sandbox.State.ApiRequests.Where(r => r.ProviderId == "figma").Select(r => r.StatusCode));
        Assert.Equal(GrantStatus.Active, app.ListGrants("figma")[0].Status);
        var row = (await app.Audit(new AuditQuery { Provider = "figma" })).First(r => r.Operation == "getMe");
        Assert.True(row.TokenRefreshed);
        Assert.Equal("ok", row.Outcome);
    }

    [Fact]
    public async Task Figma_token_and_refresh_endpoints_take_basic_client_credentials_and_the_refresh_token_is_kept()
    {
        await using var world = await TestWorld.StartAsync();
        var figma = world.Sandbox.Provider("figma");
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        var basic = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{figma.ClientId}:{figma.ClientSecret}")));
        const string redirectUri = "http://127.0.0.1:9/callback";

        using var authorize = await http.GetAsync($"{figma.AuthorizationUrl}?client_id={figma.ClientId}&redirect_uri={Uri.EscapeDataString(redirectUri)}&scope=current_user:read&state=s1&response_type=code");
        var code = System.Web.HttpUtility.ParseQueryString(authorize.Headers.Location!.Query)["code"]!;
        using var exchanged = await PostFormAsync(http, figma.TokenUrl, basic, ("grant_type", "authorization_code"), ("code", code), ("redirect_uri", redirectUri));
        using var tokens = JsonDocument.Parse(await exchanged.Content.ReadAsStringAsync());
        var refreshToken = tokens.RootElement.GetProperty("refresh_token").GetString()!;
        var refreshUrl = figma.TokenUrl.Replace("/oauth/token", "/oauth/refresh", StringComparison.Ordinal);

        using var atTokenUrl = await PostFormAsync(http, figma.TokenUrl, basic, ("grant_type", "refresh_token"), ("refresh_token", refreshToken));
        using var withoutClient = await PostFormAsync(http, refreshUrl, null, ("refresh_token", refreshToken));
        using var refreshed = await PostFormAsync(http, refreshUrl, basic, ("refresh_token", refreshToken));
        using var answer = JsonDocument.Parse(await refreshed.Content.ReadAsStringAsync());
        using var again = await PostFormAsync(http, refreshUrl, basic, ("refresh_token", refreshToken));

        Assert.Equal("1184537129042391054", tokens.RootElement.GetProperty("user_id_string").GetString());
        Assert.Equal("bearer", tokens.RootElement.GetProperty("token_type").GetString());
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, atTokenUrl.StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, withoutClient.StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.OK, refreshed.StatusCode);
        Assert.False(answer.RootElement.TryGetProperty("refresh_token", out _));
        Assert.True(answer.RootElement.GetProperty("expires_in").GetInt64() > 0);
        Assert.Equal(System.Net.HttpStatusCode.OK, again.StatusCode);   // not rotated: the same refresh token works again
        using var me = new HttpRequestMessage(HttpMethod.Get, figma.ApiBaseUrl + "me");
        me.Headers.Authorization = new AuthenticationHeaderValue("Bearer", answer.RootElement.GetProperty("access_token").GetString());
        Assert.Equal(System.Net.HttpStatusCode.OK, (await http.SendAsync(me)).StatusCode);
    }

    private static Task<HttpResponseMessage> PostFormAsync(HttpClient http, string url, AuthenticationHeaderValue? authorization, params (string Name, string Value)[] form)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(form.Select(f => KeyValuePair.Create(f.Name, f.Value))) };
        request.Headers.Authorization = authorization;
        return http.SendAsync(request);
    }
}
