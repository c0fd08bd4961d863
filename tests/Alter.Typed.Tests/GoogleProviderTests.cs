using System.Net;
using System.Text.Json;
using Xunit;

namespace Alter.Typed.Tests;

/// <summary>
/// Gmail, Google Calendar and Google Drive end to end through the sandbox's Google emulation: connect (Google's OAuth),
/// a typed call imported from the Discovery documents, its fields, the audit row; a dead token refreshed once (Google
/// sends the refresh token only on the code exchange, so the runtime must keep the first one); Google's 401 bodies.
/// </summary>
public sealed class GoogleProviderTests
{
    [Fact]
    public async Task Gmail_connect_then_users_getProfile_then_audit_row()
    {
        await using var world = await TestWorld.StartAsync();
        await using var app = world.OpenApp();
        var grantId = await CatalogCalls.ConnectAsync(app, "gmail");

        var profile = await app.Gmail.WithGrant(grantId).Users.GetProfile("me");

        Assert.Equal("ada@example.com", profile.EmailAddress);
        Assert.Equal(1289, profile.MessagesTotal);
        Assert.Equal(934, profile.ThreadsTotal);
        Assert.Equal("2384711", profile.HistoryId);     // uint64: a JSON string, typed as string
        await CatalogCalls.AssertOneOkCallAndAuditRowAsync(world, app, "gmail", "gmail.users.getProfile", grantId);
    }

    [Fact]
    public async Task Gmail_messages_list_pages_with_maxResults()
    {
        await using var world = await TestWorld.StartAsync();
        await using var app = world.OpenApp();
        var grantId = await CatalogCalls.ConnectAsync(app, "gmail");

        var page = await app.Gmail.WithGrant(grantId).Messages.List("me", new() { MaxResults = 2 });

        Assert.Equal(["18f3c2a1b0d9e8f7", "18f3c29e5a4b3c2d"], page.Messages!.Select(m => m.Id));
        Assert.Equal("18f3c27d1e2f3a4b", page.Messages![1].ThreadId);
        Assert.Equal("2", page.NextPageToken);
        Assert.Equal(2, page.ResultSizeEstimate);
        await CatalogCalls.AssertOneOkCallAndAuditRowAsync(world, app, "gmail", "gmail.users.messages.list", grantId);
        Assert.EndsWith("/users/me/messages?maxResults=2", Assert.Single(world.Sandbox.State.ApiRequests).PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Gmail_repeated_parameters_send_their_name_once_per_value()
    {
        await using var world = await TestWorld.StartAsync();
        await using var app = world.OpenApp();
        var grantId = await CatalogCalls.ConnectAsync(app, "gmail");

        // Discovery's "repeated": true is OpenAPI's exploded form: labelIds=A&labelIds=B, not labelIds=A,B.
        await app.Gmail.WithGrant(grantId).Messages.List("me", new() { LabelIds = ["INBOX", "Label_1"], MaxResults = 1 });

        Assert.EndsWith("/users/me/messages?labelIds=INBOX&labelIds=Label_1&maxResults=1", Assert.Single(world.Sandbox.State.ApiRequests).PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Gmail_messages_get_reads_headers_and_the_base64url_body()
    {
        await using var world = await TestWorld.StartAsync();
        await using var app = world.OpenApp();
        var grantId = await CatalogCalls.ConnectAsync(app, "gmail");

        var message = await app.Gmail.WithGrant(grantId).Messages.Get("me", "18f3c29e5a4b3c2d");

        Assert.Equal("18f3c27d1e2f3a4b", message.ThreadId);
        Assert.Contains("INBOX", message.LabelIds!);
        Assert.Equal("1795511564000", message.InternalDate);        // int64 milliseconds: a JSON string
        Assert.Equal("Notes", message.Payload!.Headers!.Single(h => h.Name == "Subject").Value);
        var text = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(message.Payload.Body!.Data!.Replace('-', '+').Replace('_', '/')));
        Assert.Equal("Hi Ada, the notes from Tuesday are attached.", text);
        Assert.Equal(text.Length, message.Payload.Body.Size);
        await CatalogCalls.AssertOneOkCallAndAuditRowAsync(world, app, "gmail", "gmail.users.messages.get", grantId);
    }

    [Fact]
    public async Task Google_Calendar_connect_then_calendarList_then_insert_and_list_events()
    {
        await using var world = await TestWorld.StartAsync();
        await using var app = world.OpenApp();
        var grantId = await CatalogCalls.ConnectAsync(app, "google-calendar");
        var calendar = app.GoogleCalendar.WithGrant(grantId);

        var list = await calendar.CalendarList.List();

        Assert.Equal("calendar#calendarList", list.Kind);
        var primary = Assert.Single(list.Items!);
        Assert.Equal("ada@example.com", primary.Id);
        Assert.True(primary.Primary);
        Assert.Equal("owner", primary.AccessRole);
        Assert.Equal("Europe/Stockholm", primary.TimeZone);
        await CatalogCalls.AssertOneOkCallAndAuditRowAsync(world, app, "google-calendar", "calendar.calendarList.list", grantId);

        var start = new DateTimeOffset(2026, 12, 3, 14, 0, 0, TimeSpan.FromHours(1));
        var created = await calendar.Events.Insert("primary", new()
        {
            Summary = "Sprint planning",
            Start = new() { DateTime = start, TimeZone = "Europe/Stockholm" },
            End = new() { DateTime = start.AddHours(1), TimeZone = "Europe/Stockholm" },
        });
        var events = await calendar.Events.List("primary");

        Assert.Equal("calendar#event", created.Kind);
        Assert.Equal("confirmed", created.Status);
        Assert.Equal(start, created.Start!.DateTime);
        Assert.Equal("calendar#events", events.Kind);
        Assert.Equal(["Design review", "Sprint planning"], events.Items!.Select(e => e.Summary));
        Assert.Equal(created.Id, events.Items![1].Id);
        Assert.Equal(3, (await app.Audit(new AuditQuery { Provider = "google-calendar" })).Count(r => r.Outcome == "ok"));
    }

    [Fact]
    public async Task Google_Drive_connect_then_about_get_with_fields_then_audit_row()
    {
        await using var world = await TestWorld.StartAsync();
        await using var app = world.OpenApp();
        var grantId = await CatalogCalls.ConnectAsync(app, "google-drive");

        var about = await app.GoogleDrive.WithGrant(grantId).About.Get("user,storageQuota");

        Assert.Equal("ada@example.com", about.User!.EmailAddress);
        Assert.Equal("Ada Lovelace", about.User.DisplayName);
        Assert.True(about.User.Me);
        Assert.Equal("16106127360", about.StorageQuota!.Limit);     // int64: a JSON string, typed as string
        Assert.Null(about.MaxUploadSize);                            // not in fields: Drive leaves it out
        await CatalogCalls.AssertOneOkCallAndAuditRowAsync(world, app, "google-drive", "drive.about.get", grantId);
    }

    [Fact]
    public async Task Google_Drive_files_list()
    {
        await using var world = await TestWorld.StartAsync();
        await using var app = world.OpenApp();
        var grantId = await CatalogCalls.ConnectAsync(app, "google-drive");

        var files = await app.GoogleDrive.WithGrant(grantId).Files.List(new() { PageSize = 2 });

        Assert.Equal("drive#fileList", files.Kind);
        Assert.False(files.IncompleteSearch);
        Assert.Equal(["Projects", "Quarterly report"], files.Files!.Select(f => f.Name));
        Assert.Equal("application/vnd.google-apps.folder", files.Files![0].MimeType);
        Assert.Equal("2", files.NextPageToken);
        await CatalogCalls.AssertOneOkCallAndAuditRowAsync(world, app, "google-drive", "drive.files.list", grantId);
    }

    [Fact]
    public async Task Google_Drive_files_create_with_metadata_only()
    {
        await using var world = await TestWorld.StartAsync();
        await using var app = world.OpenApp();
        var grantId = await CatalogCalls.ConnectAsync(app, "google-drive");

        var folder = await app.GoogleDrive.WithGrant(grantId).Files.Create(new() { Name = "Reports 2026", MimeType = "application/vnd.google-apps.folder" });

        Assert.Equal("drive#file", folder.Kind);
        Assert.Equal("Reports 2026", folder.Name);
        Assert.Equal("application/vnd.google-apps.folder", folder.MimeType);
        Assert.StartsWith("1", folder.Id, StringComparison.Ordinal);
        await CatalogCalls.AssertOneOkCallAndAuditRowAsync(world, app, "google-drive", "drive.files.create", grantId);
    }

    [Fact]
    public async Task Gmail_expired_token_is_refreshed_once_and_the_first_refresh_token_keeps_working()
    {
        await using var world = await TestWorld.StartAsync();
        await using var app = world.OpenApp();
        var grantId = await CatalogCalls.ConnectAsync(app, "gmail");
        var tokenRequestsAfterConnect = world.Sandbox.State.TokenRequests("gmail");

        world.Sandbox.State.ExpireAccessTokens("gmail");
        var profile = await app.Gmail.WithGrant(grantId).Users.GetProfile("me");

        Assert.Equal("ada@example.com", profile.EmailAddress);
        Assert.Equal(1, world.Sandbox.State.RefreshRequests("gmail"));
        Assert.Equal(tokenRequestsAfterConnect + 1, world.Sandbox.State.TokenRequests("gmail"));
        var calls = world.Sandbox.State.ApiRequests.Where(r => r.ProviderId == "gmail").ToList();
        Assert.Equal([401, 200], calls.Select(c => c.StatusCode));
        Assert.NotEqual(calls[0].Authorization, calls[1].Authorization);
        var row = (await app.Audit(new AuditQuery { Provider = "gmail" })).First(r => r.Operation == "gmail.users.getProfile");
        Assert.True(row.TokenRefreshed);
        Assert.Equal("ok", row.Outcome);

        // The refresh answer had no refresh_token (Google's way): the second refresh still uses the first one.
        world.Sandbox.State.ExpireAccessTokens("gmail");
        Assert.Equal("ada@example.com", (await app.Gmail.WithGrant(grantId).Users.GetProfile("me")).EmailAddress);
        Assert.Equal(2, world.Sandbox.State.RefreshRequests("gmail"));
    }

    [Fact]
    public async Task Google_token_endpoint_sends_the_refresh_token_on_the_code_exchange_only_and_words_errors_like_Google()
    {
        await using var world = await TestWorld.StartAsync();
        await using var app = world.OpenApp();
        await CatalogCalls.ConnectAsync(app, "google-drive");
        var drive = world.Sandbox.Provider("google-drive");
        using var http = new HttpClient();

        // The connect's own answer (recorded at the wire): access_token, expires_in, refresh_token, scope, token_type.
        Assert.Equal(2, world.Wire.IssuedTokens.Count);
        var refreshToken = Assert.Single(world.Wire.IssuedTokens, t => t.StartsWith("1//", StringComparison.Ordinal));

        using var refreshed = await http.PostAsync(drive.TokenUrl, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token", ["refresh_token"] = refreshToken, ["client_id"] = drive.ClientId, ["client_secret"] = drive.ClientSecret,
        }));
        using var body = JsonDocument.Parse(await refreshed.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
        Assert.Equal(["access_token", "expires_in", "scope", "token_type"], body.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.StartsWith("ya29.", body.RootElement.GetProperty("access_token").GetString(), StringComparison.Ordinal);
        Assert.Equal("Bearer", body.RootElement.GetProperty("token_type").GetString());
        Assert.Equal("https://www.googleapis.com/auth/drive.metadata.readonly", body.RootElement.GetProperty("scope").GetString());

        using var bad = await http.PostAsync(drive.TokenUrl, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token", ["refresh_token"] = "1//0-not-a-token", ["client_id"] = drive.ClientId, ["client_secret"] = drive.ClientSecret,
        }));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("""{"error":"invalid_grant","error_description":"Token has been expired or revoked."}""", await bad.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("gmail", "users/me/profile")]
    [InlineData("google-calendar", "users/me/calendarList")]
    [InlineData("google-drive", "about?fields=user")]
    public async Task Google_APIs_answer_a_missing_or_dead_token_with_Googles_401_body(string provider, string path)
    {
        await using var world = await TestWorld.StartAsync();
        var url = world.Sandbox.Provider(provider).ApiBaseUrl + path;
        using var http = new HttpClient();

        using var missing = await http.GetAsync(url);
        using var dead = await http.SendAsync(new HttpRequestMessage(HttpMethod.Get, url) { Headers = { { "Authorization", "Bearer ya29.dead" } } });

        foreach (var (response, message, reason) in new[]
        {
            (missing, "Request is missing required authentication credential.", "required"),
            (dead, "Request had invalid authentication credentials.", "authError"),
        })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            var error = json.RootElement.GetProperty("error");
            Assert.Equal(401, error.GetProperty("code").GetInt32());
            Assert.StartsWith(message + " Expected OAuth 2 access token, login cookie or other valid authentication credential.", error.GetProperty("message").GetString(), StringComparison.Ordinal);
            Assert.Equal(reason, error.GetProperty("errors")[0].GetProperty("reason").GetString());
            Assert.Equal("UNAUTHENTICATED", error.GetProperty("status").GetString());
        }
    }
}
