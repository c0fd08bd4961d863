using Alter.Typed.HubSpot;
using Xunit;

namespace Alter.Typed.Tests;

/// <summary>HubSpot end to end through the sandbox: CRM v3 contacts, HubSpot's 401 categories, refresh.</summary>
public sealed class HubSpotProviderTests
{
    [Fact]
    public async Task HubSpot_connect_then_contacts_list_then_audit_row()
    {
        await using var world = await TestWorld.StartAsync();
        await using var app = world.OpenApp();

        var grantId = await CatalogCalls.ConnectAsync(app, "hubspot");

        var page = await app.HubSpot.WithGrant(grantId).Contacts.List(new() { Limit = 1, Properties = ["email", "firstname"] });

        var contact = Assert.Single(page.Results);
        Assert.Equal("101", contact.Id);
        Assert.Equal("bcooper@biglytics.net", contact.Properties["email"]);
        Assert.Equal("Bryan", contact.Properties["firstname"]);
        Assert.Equal("101", contact.Properties["hs_object_id"]);
        Assert.False(contact.Properties.ContainsKey("lastname"));
        Assert.False(contact.Archived);
        Assert.Equal(new DateTimeOffset(2024, 3, 5, 9, 41, 12, 883, TimeSpan.Zero), contact.CreatedAt);
        Assert.Equal("1", page.Paging?.Next?.After);
        Assert.Contains("/crm/v3/objects/contacts?limit=1&properties=email%2Cfirstname", Assert.Single(world.Sandbox.State.ApiRequests).PathAndQuery, StringComparison.Ordinal);
        await CatalogCalls.AssertOneOkCallAndAuditRowAsync(world, app, "hubspot", "get-/crm/v3/objects/contacts_getPage", grantId);
    }

    [Fact]
    public async Task HubSpot_create_update_read_and_search_a_contact()
    {
        await using var world = await TestWorld.StartAsync();
        await using var app = world.OpenApp();
        await CatalogCalls.ConnectAsync(app, "hubspot");

        var created = await app.HubSpot.Contacts.Create(new()
        {
            Properties = new Dictionary<string, string> { ["email"] = "grace@example.com", ["firstname"] = "Grace" },
        });
        var updated = await app.HubSpot.Contacts.Update(created.Id, new() { Properties = new Dictionary<string, string> { ["lastname"] = "Hopper" } });
        var byEmail = await app.HubSpot.Contacts.Get("grace@example.com", new() { IdProperty = "email", Properties = ["firstname", "lastname"] });
        var found = await app.HubSpot.Contacts.Search(new()
        {
            FilterGroups = [new() { Filters = [new() { PropertyName = "lastname", Operator = "EQ", Value = "Hopper" }] }],
            Properties = ["email"],
        });

        Assert.Equal("grace@example.com", created.Properties["email"]);
        Assert.Equal("Hopper", updated.Properties["lastname"]);
        Assert.Equal(created.Id, byEmail.Id);
        Assert.Equal("Grace", byEmail.Properties["firstname"]);
        Assert.Equal("Hopper", byEmail.Properties["lastname"]);
        Assert.Equal(1, found.Total);
        Assert.Equal("grace@example.com", Assert.Single(found.Results).Properties["email"]);
        Assert.Equal([201, 200, 200, 200], world.Sandbox.State.ApiRequests.Select(r => r.StatusCode));
    }

    [Fact]
    public async Task HubSpot_expired_token_is_refreshed_once_and_the_call_succeeds()
    {
        await using var world = await TestWorld.StartAsync();
        await using var app = world.OpenApp();
        var grantId = await CatalogCalls.ConnectAsync(app, "hubspot");

        world.Sandbox.State.ExpireAccessTokens("hubspot");
        var companies = await app.HubSpot.Companies.List();

        Assert.Equal("Biglytics", Assert.Single(companies.Results).Properties["name"]);
        Assert.Equal(1, world.Sandbox.State.RefreshRequests("hubspot"));
        Assert.Equal([401, 200], world.Sandbox.State.ApiRequests.Select(r => r.StatusCode));
        var row = (await app.Audit(new AuditQuery { Provider = "hubspot" })).First(r => r.Operation == "get-/crm/v3/objects/companies_getPage");
        Assert.True(row.TokenRefreshed);
        Assert.Equal("ok", row.Outcome);
        Assert.Equal(grantId, row.GrantId);
    }
}
