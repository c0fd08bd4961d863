using System.CommandLine;
using System.Net;
using System.Text.RegularExpressions;
using Alter.Cli;

namespace Alter.Cli.Tests;

/// <summary><c>alter portal</c>: prints a loopback URL and this run's admin key, serves the portal until cancelled.</summary>
public sealed partial class PortalCommandTests
{
    [GeneratedRegex(@"http://127\.0\.0\.1:\d+/")]
    private static partial Regex LoopbackUrl();

    [GeneratedRegex(@"alter_portal_[0-9a-f]{48}")]
    private static partial Regex AdminKey();

    [GeneratedRegex("""name="__RequestVerificationToken" value="([^"]+)"\s*/?>""")]
    private static partial Regex Token();

    [Fact]
    public async Task Portal_prints_its_loopback_url_and_admin_key_and_signs_in_with_it_until_cancelled()
    {
        await using var world = await CliWorld.StartAsync();
        await world.CreateAppWithKeyAsync("demo");
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var output = new WatchingWriter(line => { if (line.Contains("Ctrl+C", StringComparison.Ordinal)) ready.TrySetResult(); });
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var run = Program.RunAsync(["--home", world.Home, "portal", "--port", "0"], new InvocationConfiguration { Output = output, Error = output }, stop.Token);
        await ready.Task.WaitAsync(TimeSpan.FromSeconds(60));

        var printed = output.ToString();
        var url = new Uri(LoopbackUrl().Match(printed).Value);
        var key = AdminKey().Match(printed).Value;
        Assert.NotEmpty(key);
        using var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() }) { BaseAddress = url };
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("")).StatusCode);   // nothing without sign-in
        var token = WebUtility.HtmlDecode(Token().Match(await client.GetStringAsync("signin")).Groups[1].Value);
        using var signedIn = await client.PostAsync("signin", new FormUrlEncodedContent(new Dictionary<string, string> { ["key"] = key, ["__RequestVerificationToken"] = token }));
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Contains("demo", await client.GetStringAsync(""), StringComparison.Ordinal);

        await stop.CancelAsync();
        Assert.Equal(ExitCodes.Ok, await run.WaitAsync(TimeSpan.FromSeconds(60)));
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => client.GetAsync(""));   // stopped
    }
}
