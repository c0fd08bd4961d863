using Xunit;

namespace Alter.Typed.Tests;

/// <summary>Microsoft Graph end to end through the sandbox: the identity platform's common tenant, me, mail, calendar, OneDrive, refresh.</summary>
public sealed class MicrosoftProviderTests
{
    [Fact]
    public async Task Microsoft_connect_then_me_then_audit_row()
    {
        await using var world = await TestWorld.StartAsync();
        await using var app = world.OpenApp();

        var grantId = await CatalogCalls.ConnectAsync(app, "microsoft");

        var me = await app.MicrosoftGraph.WithGrant(grantId).Me.Get();

        Assert.Equal("87d349ed-44d7-43e1-9a83-5f2406dee5bd", me.Id);
        Assert.Equal("Ada Lovelace", me.DisplayName);
        Assert.Equal("ada@example.com", me.UserPrincipalName);
        Assert.Equal(["+44 20 7946 0123"], me.BusinessPhones);
        Assert.Null(me.MobilePhone);
        await CatalogCalls.AssertOneOkCallAndAuditRowAsync(world, app, "microsoft", "me.user.GetUser", grantId);
    }

    [Fact]
    public async Task Microsoft_sent_mail_lands_in_sent_items_and_events_and_drive_items_are_typed()
    {
        await using var world = await TestWorld.StartAsync();
        await using var app = world.OpenApp();
        await CatalogCalls.ConnectAsync(app, "microsoft");
        var graph = app.MicrosoftGraph.Me;

        await graph.SendMail(new()
        {
            Message = new()
            {
                Subject = "Notes on the engine",
                Body = new() { ContentType = "text", Content = "Please find my notes below." },
                ToRecipients = [new() { EmailAddress = new() { Address = "charles@example.com", Name = "Charles Babbage" } }],
            },
        });
        var page = await graph.ListMessages(new() { Top = 2, Select = ["subject", "toRecipients", "receivedDateTime"] });
        var created = await graph.CreateEvent(new()
        {
            Subject = "Engine review",
            Start = new() { DateTime = "2024-06-03T10:00:00", TimeZone = "Europe/London" },
            End = new() { DateTime = "2024-06-03T11:00:00", TimeZone = "Europe/London" },
            Attendees = [new() { Type = "required", EmailAddress = new() { Address = "charles@example.com" } }],
        });
        var events = await graph.ListEvents(new() { Prefer = "outlook.timezone=\"Europe/London\"" });
        var drive = await graph.ListDriveRootChildren();

        Assert.Equal(["Notes on the engine", "Quarterly numbers"], page.Value.Select(m => m.Subject));
        Assert.Equal("charles@example.com", page.Value[0].ToRecipients?[0].EmailAddress?.Address);
        Assert.Null(page.Value[0].BodyPreview);   // not selected
        // Graph's next link is absolute, on Graph's own host: the sandbox's here (a streamer follows it through the host check).
        Assert.Equal(world.Sandbox.Provider("microsoft").ApiBaseUrl + "me/messages?$top=2&$skip=2", page.OdataNextLink);
        Assert.Equal(("2024-06-03T10:00:00.0000000", "Europe/London"), (created.Start?.DateTime, created.Start?.TimeZone));
        Assert.Equal("none", created.Attendees?[0].Status?.Response);
        var listed = Assert.Single(events.Value, e => e.Id == created.Id);
        Assert.Equal(("2024-06-03T10:00:00.0000000", "Europe/London"), (listed.Start?.DateTime, listed.Start?.TimeZone));
        Assert.Equal(["Documents", "Budget.xlsx"], drive.Value.Select(i => i.Name));
        Assert.Equal(4, drive.Value[0].Folder?.ChildCount);
        Assert.Null(drive.Value[0].File);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", drive.Value[1].File?.MimeType);
        Assert.StartsWith("https://", drive.Value[1].MicrosoftGraphDownloadUrl, StringComparison.Ordinal);
        Assert.Equal([202, 200, 201, 200, 200], world.Sandbox.State.ApiRequests.Select(r => r.StatusCode));
    }

    [Fact]
    public async Task Microsoft_expired_token_is_refreshed_once_and_the_call_succeeds()
    {
        await using var world = await TestWorld.StartAsync();
        await using var app = world.OpenApp();
        var grantId = await CatalogCalls.ConnectAsync(app, "microsoft");

        world.Sandbox.State.ExpireAccessTokens("microsoft");
        var events = await app.MicrosoftGraph.Me.ListEvents();
        world.Sandbox.State.ExpireAccessTokens("microsoft");
        var me = await app.MicrosoftGraph.Me.Get();   // with the refresh token the first refresh handed out

        var standup = Assert.Single(events.Value);
        Assert.Equal(("2024-05-06T09:00:00.0000000", "UTC"), (standup.Start?.DateTime, standup.Start?.TimeZone));
        Assert.Equal("Ada Lovelace", me.DisplayName);
        Assert.Equal(2, world.Sandbox.State.RefreshRequests("microsoft"));
        Assert.Equal([401, 200, 401, 200], world.Sandbox.State.ApiRequests.Select(r => r.StatusCode));
        var row = (await app.Audit(new AuditQuery { Provider = "microsoft" })).First(r => r.Operation == "me.ListEvents");
        Assert.True(row.TokenRefreshed);
        Assert.Equal("ok", row.Outcome);
        Assert.Equal(grantId, row.GrantId);
    }
}
