using Xunit;

namespace Alter.Typed.Tests;

/// <summary>Dropbox end to end through the sandbox: RPC calls (one without a body), offline access, refresh.</summary>
public sealed class DropboxProviderTests
{
    [Fact]
    public async Task Dropbox_connect_then_get_current_account_without_a_body_then_audit_row()
    {
        await using var world = await TestWorld.StartAsync();
        await using var app = world.OpenApp();

        var grantId = await CatalogCalls.ConnectAsync(app, "dropbox");

        var account = await app.Dropbox.WithGrant(grantId).Users.GetCurrentAccount();

        Assert.Equal("dbid:AAH4f99T0taONIb-OurWxbNQ6ywGRopQngc", account.AccountId);
        Assert.Equal("Ada Lovelace", account.Name.DisplayName);
        Assert.Equal("basic", account.AccountType.Tag);
        Assert.Equal("user", account.RootInfo.Tag);
        Assert.True(account.EmailVerified);
        var call = Assert.Single(world.Sandbox.State.ApiRequests);
        Assert.Equal("POST", call.Method);
        await CatalogCalls.AssertOneOkCallAndAuditRowAsync(world, app, "dropbox", "users/get_current_account", grantId);
    }

    [Fact]
    public async Task Dropbox_sandbox_refuses_a_body_or_json_content_type_on_a_function_without_arguments_as_dropbox_does()
    {
        await using var world = await TestWorld.StartAsync();
        await using var app = world.OpenApp();
        await CatalogCalls.ConnectAsync(app, "dropbox");
        await app.Dropbox.Users.GetCurrentAccount();
        var token = world.Sandbox.State.ApiRequests.Single().Authorization!;
        using var http = new HttpClient();
        var url = world.Sandbox.Provider("dropbox").ApiBaseUrl + "users/get_current_account";

        async Task<(int Status, string Body)> PostAsync(HttpContent? content)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = content };
            request.Headers.TryAddWithoutValidation("Authorization", token);
            using var response = await http.SendAsync(request);
            return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
        }

        var empty = new StringContent("");
        empty.Headers.ContentType = new("application/json");
        var withJsonType = await PostAsync(empty);
        var withNull = await PostAsync(new StringContent("null", System.Text.Encoding.UTF8, "application/json"));
        var withoutBody = await PostAsync(null);

        Assert.Equal((400, "Error in call to API function \"users/get_current_account\": request body: could not decode input as JSON"), withJsonType);
        Assert.Equal(200, withNull.Status);
        Assert.Equal(200, withoutBody.Status);
    }

    [Fact]
    public async Task Dropbox_list_folder_pages_with_a_cursor_and_folders_are_created_and_deleted()
    {
        await using var world = await TestWorld.StartAsync();
        await using var app = world.OpenApp();
        // Creating and deleting need files.content.write, beyond the read-only default scopes.
        await CatalogCalls.ConnectAsync(app, "dropbox", ["account_info.read", "files.metadata.read", "files.content.write"]);

        var first = await app.Dropbox.Files.ListFolder(new() { Path = "", Limit = 2 });
        var rest = await app.Dropbox.Files.ListFolderContinue(new() { Cursor = first.Cursor });
        var created = await app.Dropbox.Files.CreateFolderV2(new() { Path = "/Homework/Physics" });
        var metadata = await app.Dropbox.Files.GetMetadata(new() { Path = "/homework/physics" });
        var deleted = await app.Dropbox.Files.DeleteV2(new() { Path = "/Homework/Physics" });
        var gone = await Assert.ThrowsAsync<ProviderApiException>(() => app.Dropbox.Files.GetMetadata(new() { Path = "/Homework/Physics" }));

        Assert.Equal(["Homework", "Photos"], first.Entries.Select(e => e.Name));
        Assert.All(first.Entries, e => Assert.Equal("folder", e.Tag));
        Assert.True(first.HasMore);
        var file = Assert.Single(rest.Entries);
        Assert.Equal(("file", "/resume.pdf", 182734L), (file.Tag, file.PathLower, file.Size));
        Assert.False(rest.HasMore);
        Assert.Equal("/Homework/Physics", created.Metadata.PathDisplay);
        Assert.Equal(("folder", created.Metadata.Id), (metadata.Tag, metadata.Id));
        Assert.Equal("folder", deleted.Metadata.Tag);
        Assert.Equal(System.Net.HttpStatusCode.Conflict, gone.StatusCode);
        Assert.Equal("path/not_found/..", gone.ErrorCode);
    }

    [Fact]
    public async Task Dropbox_expired_token_is_refreshed_once_with_the_offline_refresh_token_and_the_call_succeeds()
    {
        await using var world = await TestWorld.StartAsync();
        await using var app = world.OpenApp();
        var grantId = await CatalogCalls.ConnectAsync(app, "dropbox");

        world.Sandbox.State.ExpireAccessTokens("dropbox");
        var listing = await app.Dropbox.Files.ListFolder(new() { Path = "/Homework", Recursive = true });
        world.Sandbox.State.ExpireAccessTokens("dropbox");
        var account = await app.Dropbox.Users.GetCurrentAccount();   // the same long-lived refresh token again

        Assert.Equal(["/homework/math", "/homework/math/prime_numbers.txt"], listing.Entries.Select(e => e.PathLower));
        Assert.Equal("ada@example.com", account.Email);
        Assert.Equal(2, world.Sandbox.State.RefreshRequests("dropbox"));
        Assert.Equal([401, 200, 401, 200], world.Sandbox.State.ApiRequests.Select(r => r.StatusCode));
        var row = (await app.Audit(new AuditQuery { Provider = "dropbox" })).First(r => r.Operation == "files/list_folder");
        Assert.True(row.TokenRefreshed);
        Assert.Equal("ok", row.Outcome);
        Assert.Equal(grantId, row.GrantId);
    }
}
