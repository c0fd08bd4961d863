using System.Net;

namespace Alter.Typed.Portal.Tests;

/// <summary>The portal mounted in a host app (<c>MapAlterPortal("/alter").RequireAuthorization("admins")</c>): the host's sign-in and policy decide, no admin key.</summary>
public sealed class MountedTests
{
    [Fact]
    public async Task Anonymous_is_401_a_user_without_the_role_is_403_an_admin_gets_every_page()
    {
        await using var world = await PortalWorld.StartAsync();
        await using var host = await MountedHost.StartAsync(world.Options);
        var endpoints = PortalEndpointList.Read(host.Web.Services);
        Assert.True(endpoints.Count >= 20);
        Assert.DoesNotContain(endpoints, e => e.Anonymous);                              // no sign-in page, not even the stylesheet
        Assert.DoesNotContain(endpoints, e => e.Pattern.Contains("signin", StringComparison.Ordinal));

        using var anonymous = host.Client();
        using var viewer = host.Client("victor", "viewer");
        using var admin = host.Client("carol", "admin");
        foreach (var endpoint in endpoints)
        {
            var url = PortalEndpointList.Fill(endpoint.Pattern.Substring(MountedHost.Prefix.Length), world, MountedHost.Prefix);
            foreach (var (client, expected) in new[] { (anonymous, HttpStatusCode.Unauthorized), (viewer, HttpStatusCode.Forbidden) })
            {
                using var request = new HttpRequestMessage(new HttpMethod(endpoint.Method), url);
                if (endpoint.Method == "POST") request.Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["name"] = "x" });
                using var response = await client.SendAsync(request);
                Assert.True(response.StatusCode == expected, $"{endpoint} answered {(int)response.StatusCode} to {(client == anonymous ? "anonymous" : "a viewer")}.");
            }
            if (endpoint.Method == "GET" && endpoint.Pattern != MountedHost.Prefix + "/apps/select")
            {
                using var page = await admin.GetAsync(url);
                Assert.True(page.StatusCode == HttpStatusCode.OK, $"{endpoint} answered {(int)page.StatusCode} to an admin.");
            }
        }
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("")).StatusCode);   // the host's own pages are the host's business
    }

    [Fact]
    public async Task A_change_is_audited_with_the_hosts_user_name()
    {
        await using var world = await PortalWorld.StartAsync();
        await using var host = await MountedHost.StartAsync(world.Options);
        using var admin = host.Client("carol", "admin");
        var keys = $"alter/apps/{world.AppInfo.Id}/keys";
        using (var minted = await PortalWorld.PostFormAsync(admin, keys, keys, []))
            Assert.Equal(HttpStatusCode.OK, minted.StatusCode);
        Assert.Contains("Signed in as <strong>carol</strong>", await admin.GetStringAsync("alter/"), StringComparison.Ordinal);

        var row = Assert.Single(await world.App.Audit(new AuditQuery { Limit = 1000 }), r => r.Operation == "portal.keys.mint");
        Assert.Equal(("portal:carol", "ok", Principal.ForApp(world.AppInfo.Id).Key), (row.Caller, row.Outcome, row.Principal));
    }
}
