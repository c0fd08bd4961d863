using Alter.Tests.Shared;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Alter.Typed.Portal.Tests.Support;

/// <summary>
/// What every page a browser test visits goes through: a screenshot saved under <c>artifacts/portal-screenshots/</c>
/// (the run keeps them for people to look at), an axe-core check (no serious or critical violation), and a scan of its
/// HTML for every planted secret.
/// </summary>
internal static class PageChecks
{
    public static string ScreenshotFolder { get; } = Path.Combine(Repository.Root, "artifacts", "portal-screenshots");

    /// <summary>Pages checked in this run, by name, so the test can say which it covered.</summary>
    public static List<string> Checked { get; } = [];

    public static async Task CheckAsync(this IPage page, string name, IReadOnlyCollection<string> secrets)
    {
        Directory.CreateDirectory(ScreenshotFolder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotFolder, name + ".png"), FullPage = true });

        var results = await page.RunAxe();
        var bad = results.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(bad.Count == 0, $"axe-core found serious or critical violations on {name} ({page.Url}):\n" + string.Join("\n",
            bad.Select(v => $"- {v.Impact} {v.Id}: {v.Help} at {string.Join(" | ", v.Nodes.Take(3).Select(n => n.Html))}")));

        var html = await page.ContentAsync();
        foreach (var secret in secrets)
            Assert.False(html.Contains(secret, StringComparison.Ordinal), $"{name} ({page.Url}) shows a secret it must never show.");
        Checked.Add(name);
    }
}
