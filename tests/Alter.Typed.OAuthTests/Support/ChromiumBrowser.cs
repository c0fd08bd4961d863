using Microsoft.Playwright;

namespace Alter.Typed.OAuthTests.Support;

/// <summary>
/// Headless Debian Chromium driven by Playwright (offline: <c>ExecutablePath</c>, never <c>playwright install</c>).
/// Playwright's driver ends the browser even when the test host is killed. One fresh profile per instance.
/// </summary>
internal sealed class ChromiumBrowser : IAsyncDisposable
{
    public const string ExecutablePath = "/usr/bin/chromium";

    /// <summary>The flags measured to work here (DESIGN.md). Playwright adds <c>--headless</c> itself; no <c>--user-data-dir</c>.</summary>
    private static readonly string[] Flags =
    [
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ];

    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;

    private ChromiumBrowser(IPlaywright playwright, IBrowser browser, IPage page) => (_playwright, _browser, Page) = (playwright, browser, page);

    public IPage Page { get; }

    /// <summary>The last navigation's final response (after the authorization server's redirects).</summary>
    public IResponse? LastResponse { get; private set; }

    /// <summary>Starts Chromium; fails the test (never skips it) when it is not installed.</summary>
    public static async Task<ChromiumBrowser> LaunchAsync()
    {
        if (!File.Exists(ExecutablePath))
            Assert.Fail($"Chromium is not installed at {ExecutablePath}: run `apt-get install -y chromium` (Debian 12; .ci/run does it). This test drives the browser leg of Connect with it.");
        var playwright = await Playwright.CreateAsync();
        try
        {
            var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = ExecutablePath, Headless = true, Args = Flags, Timeout = 30_000 });
            var context = await browser.NewContextAsync();
            var page = await context.NewPageAsync();
            return new ChromiumBrowser(playwright, browser, page);
        }
        catch
        {
            playwright.Dispose();
            throw;
        }
    }

    /// <summary>An <c>AlterOptions.OpenBrowser</c>: navigates the page to the authorize URL and waits for the page it ends on.</summary>
    public async Task OpenAsync(Uri url, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        LastResponse = await Page.GotoAsync(url.ToString(), new PageGotoOptions { WaitUntil = WaitUntilState.Load, Timeout = 20_000 });
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }
}
