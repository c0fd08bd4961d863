using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace Alter.Sandbox.Tests;

public class SandboxServerTests
{
    [Fact]
    public async Task Binds_only_to_127_0_0_1_on_a_random_port()
    {
        await using var sandbox = await SandboxServer.StartAsync();
        var port = sandbox.BaseUri.Port;

        Assert.Equal($"http://127.0.0.1:{port}/", sandbox.BaseUri.AbsoluteUri);
        Assert.NotEqual(0, port);
        Assert.All(sandbox.Providers, p => Assert.Equal($"127.0.0.1:{port}", p.Authority));

        using (var loopback = new TcpClient())
        {
            await loopback.ConnectAsync(IPAddress.Loopback, port);
        }

        var others = NetworkInterface.GetAllNetworkInterfaces()
            .SelectMany(n => n.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address)
            .Where(a => !IPAddress.IsLoopback(a) && !a.IsIPv6LinkLocal)
            .Append(IPAddress.IPv6Loopback);
        foreach (var address in others)
        {
            using var client = new TcpClient(address.AddressFamily);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            var error = await Record.ExceptionAsync(() => client.ConnectAsync(address, port, timeout.Token).AsTask());
            Assert.True(error is SocketException or OperationCanceledException, $"{address}:{port} accepted a connection.");
        }
    }

    [Fact]
    public async Task Exposes_both_providers_with_their_endpoint_urls()
    {
        await using var sandbox = await SandboxServer.StartAsync();
        var b = sandbox.BaseUri.AbsoluteUri;

        Assert.Equal(["slack", "github", "notion", "spotify", "discord", "gmail", "google-calendar", "google-drive", "gitlab", "asana", "box", "figma", "hubspot", "zoom", "dropbox", "microsoft"], sandbox.Providers.Select(p => p.Id));
        Assert.Equal(
            new SandboxProvider("slack", "sandbox-slack-client", "sandbox-slack-secret", $"{b}slack/oauth/v2/authorize",
                $"{b}slack/api/oauth.v2.access", $"{b}slack/api/auth.revoke", $"{b}slack/api/", sandbox.BaseUri.Authority),
            sandbox.Provider("slack"));
        Assert.Equal(
            new SandboxProvider("github", "sandbox-github-client", "sandbox-github-secret", $"{b}github/login/oauth/authorize",
                $"{b}github/login/oauth/access_token", $"{b}github/applications/sandbox-github-client/token", $"{b}github/api/",
                sandbox.BaseUri.Authority),
            sandbox.Provider("github"));

        Assert.Throws<ArgumentException>(() => sandbox.Provider("google"));
        Assert.Throws<ArgumentException>(() => sandbox.State.TokenRequests("google"));
    }

    [Fact]
    public async Task Dispose_releases_the_port()
    {
        var sandbox = await SandboxServer.StartAsync();
        var port = sandbox.BaseUri.Port;
        await sandbox.DisposeAsync();
        await sandbox.DisposeAsync();

        using var client = new TcpClient();
        await Assert.ThrowsAnyAsync<SocketException>(() => client.ConnectAsync(IPAddress.Loopback, port));
    }
}
