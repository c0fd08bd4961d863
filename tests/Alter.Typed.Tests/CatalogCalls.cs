using Xunit;

namespace Alter.Typed.Tests;

/// <summary>What every catalog provider's end-to-end test does: connect through the sandbox, then check the call and its audit row.</summary>
internal static class CatalogCalls
{
    /// <summary>
    /// Connects <paramref name="provider"/> as a grant of the app itself (what calls without <c>ForUser</c> act for) through the sandbox's auto-consent browser, asking for
    /// <paramref name="scopes"/> (default: the provider's default scopes); returns the grant id.
    /// </summary>
    public static async Task<string> ConnectAsync(App app, string provider, IReadOnlyList<string>? scopes = null)
        => Assert.Single(await app.Connect([provider], new ConnectOptions { Scopes = scopes })).GrantId;

    /// <summary>The sandbox saw exactly one API call, answered 200, and the audit log holds its row.</summary>
    public static async Task AssertOneOkCallAndAuditRowAsync(TestWorld world, App app, string provider, string operation, string grantId)
    {
        var call = Assert.Single(world.Sandbox.State.ApiRequests, r => r.ProviderId == provider);
        Assert.Equal(200, call.StatusCode);

        var row = (await app.Audit(new AuditQuery { Provider = provider })).First(r => r.Operation == operation);
        Assert.Equal("tests", row.Caller);
        Assert.Equal(Principal.ForApp(app.Info.Id).Key, row.Principal);
        Assert.Equal(grantId, row.GrantId);
        Assert.Equal(200, row.Status);
        Assert.Equal("ok", row.Outcome);
    }
}
