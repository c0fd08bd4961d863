using System.Net;
using Xunit;

namespace Alter.Typed.Tests;

/// <summary>
/// Typed calls that the sandbox answers with an error surface the provider's own code from a nested or numeric
/// property (the descriptions' <c>errors.codeProperty</c>): Google's <c>error.status</c>, Microsoft Graph's
/// <c>error.code</c>, Spotify's <c>error.message</c>; the code lands in <see cref="ProviderApiException.ErrorCode"/>,
/// its message and the audit row, and a dead token is still refreshed once before the real error shows.
/// </summary>
public sealed class NestedErrorCodeTests
{
    [Fact]
    public async Task Google_Drive_about_get_without_fields_surfaces_error_status_INVALID_ARGUMENT()
    {
        await using var world = await TestWorld.StartAsync();
        await using var app = world.OpenApp();
        var grantId = await CatalogCalls.ConnectAsync(app, "google-drive");

        var error = await Assert.ThrowsAsync<ProviderApiException>(() => app.GoogleDrive.WithGrant(grantId).About.Get(""));

        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Equal("INVALID_ARGUMENT", error.ErrorCode);
        Assert.Equal("google-drive drive.about.get failed with HTTP 400: INVALID_ARGUMENT.", error.Message);
        Assert.Contains("The 'fields' parameter is required for this method.", error.Body);
        Assert.Equal([400], world.Sandbox.State.ApiRequests.Select(r => r.StatusCode));
        Assert.Equal(0, world.Sandbox.State.RefreshRequests("google-drive"));   // a 400 is not a dead token
        var row = (await app.Audit(new AuditQuery { Provider = "google-drive" })).First(r => r.Operation == "drive.about.get");
        Assert.Equal("provider_error:INVALID_ARGUMENT", row.Outcome);
    }

    [Fact]
    public async Task Gmail_messages_get_of_a_missing_message_surfaces_NOT_FOUND()
    {
        await using var world = await TestWorld.StartAsync();
        await using var app = world.OpenApp();
        var grantId = await CatalogCalls.ConnectAsync(app, "gmail");

        var error = await Assert.ThrowsAsync<ProviderApiException>(() => app.Gmail.WithGrant(grantId).Messages.Get("me", "18f3c2ffffffffff"));

        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
        Assert.Equal("NOT_FOUND", error.ErrorCode);
    }

    [Fact]
    public async Task Google_dead_token_is_refreshed_once_then_the_real_error_code_is_surfaced()
    {
        await using var world = await TestWorld.StartAsync();
        await using var app = world.OpenApp();
        var grantId = await CatalogCalls.ConnectAsync(app, "google-drive");
        world.Sandbox.State.ExpireAccessTokens("google-drive");

        var error = await Assert.ThrowsAsync<ProviderApiException>(() => app.GoogleDrive.WithGrant(grantId).About.Get(""));

        // The 401 (error.status UNAUTHENTICATED) refreshed the token; the retry's 400 is what the caller sees.
        Assert.Equal("INVALID_ARGUMENT", error.ErrorCode);
        Assert.Equal([401, 400], world.Sandbox.State.ApiRequests.Select(r => r.StatusCode));
        Assert.Equal(1, world.Sandbox.State.RefreshRequests("google-drive"));
        var row = (await app.Audit(new AuditQuery { Provider = "google-drive" })).First(r => r.Operation == "drive.about.get");
        Assert.True(row.TokenRefreshed);
    }

    [Fact]
    public async Task Google_rate_limit_that_outlasts_the_retries_surfaces_RESOURCE_EXHAUSTED()
    {
        await using var world = await TestWorld.StartAsync();
        world.Options.MaxRetries = 1;
        await using var app = world.OpenApp();
        var grantId = await CatalogCalls.ConnectAsync(app, "gmail");
        world.Sandbox.State.RateLimitNext("gmail", count: int.MaxValue, retryAfterSeconds: 0);

        var error = await Assert.ThrowsAsync<ProviderApiException>(() => app.Gmail.WithGrant(grantId).Users.GetProfile("me"));

        Assert.Equal(HttpStatusCode.TooManyRequests, error.StatusCode);
        Assert.Equal("RESOURCE_EXHAUSTED", error.ErrorCode);
    }

    [Fact]
    public async Task Microsoft_Graph_send_mail_without_recipients_surfaces_error_code_ErrorInvalidRecipients()
    {
        await using var world = await TestWorld.StartAsync();
        await using var app = world.OpenApp();
        await CatalogCalls.ConnectAsync(app, "microsoft");

        var error = await Assert.ThrowsAsync<ProviderApiException>(() => app.MicrosoftGraph.Me.SendMail(new()
        {
            Message = new() { Subject = "Nobody to send to", Body = new() { ContentType = "text", Content = "..." } },
        }));

        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Equal("ErrorInvalidRecipients", error.ErrorCode);
        Assert.Equal([400], world.Sandbox.State.ApiRequests.Select(r => r.StatusCode));
        var row = (await app.Audit(new AuditQuery { Provider = "microsoft" })).First(r => r.Operation == "me.sendMail");
        Assert.Equal("provider_error:ErrorInvalidRecipients", row.Outcome);
    }

    [Fact]
    public async Task Microsoft_Graph_dead_token_is_refreshed_once_and_a_later_throttle_surfaces_TooManyRequests()
    {
        await using var world = await TestWorld.StartAsync();
        world.Options.MaxRetries = 1;
        await using var app = world.OpenApp();
        await CatalogCalls.ConnectAsync(app, "microsoft");
        world.Sandbox.State.ExpireAccessTokens("microsoft");

        var me = await app.MicrosoftGraph.Me.Get();   // 401 InvalidAuthenticationToken → refresh → 200
        world.Sandbox.State.RateLimitNext("microsoft", count: int.MaxValue, retryAfterSeconds: 0);
        var error = await Assert.ThrowsAsync<ProviderApiException>(() => app.MicrosoftGraph.Me.Get());

        Assert.Equal("Ada Lovelace", me.DisplayName);
        Assert.Equal(1, world.Sandbox.State.RefreshRequests("microsoft"));
        Assert.Equal(HttpStatusCode.TooManyRequests, error.StatusCode);
        Assert.Equal("TooManyRequests", error.ErrorCode);
    }

    [Fact]
    public async Task Spotify_error_object_message_is_surfaced()
    {
        await using var world = await TestWorld.StartAsync();
        await using var app = world.OpenApp();
        var grantId = await CatalogCalls.ConnectAsync(app, "spotify");

        // The sandbox emulates only /me; any other path answers Spotify's 404 error object.
        var error = await Assert.ThrowsAsync<ProviderApiException>(() => app.Spotify.WithGrant(grantId).Albums.Get("4aawyAB9vmqN3uQ7FjRGTy"));

        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
        Assert.Equal("Service not found", error.ErrorCode);
    }
}
