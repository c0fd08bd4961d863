namespace Alter.Typed.AspNetCore.Tests;

/// <summary>
/// samples/WebApp, driven as a person would: start it with the README's command, sign in as alice at its local issuer,
/// connect Slack (the sandbox), post to #general, and see the message and the connection on the page.
/// </summary>
[Collection(WebCollection.Name)]
[Trait("Category", "Browser")]
public sealed class SampleEndToEndTests(WebFixture fixture)
{
    [Fact]
    public async Task The_sample_signs_in_connects_Slack_and_posts_as_the_signed_in_user()
    {
        await using var sample = await SampleProcess.StartAsync(TimeSpan.FromMinutes(4));
        var page = await fixture.Chromium.NewPageAsync();
        try
        {
            await page.GotoAsync(sample.BaseUri.AbsoluteUri);
            await page.ClickAsync("#signin");
            await page.WaitForURLAsync("**/issuer/login**");
            await page.FillAsync("#username", "alice");
            await page.FillAsync("#password", WebApp.Issuer.IssuerUsers.DevPassword);
            await page.ClickAsync("#signin");
            await page.WaitForSelectorAsync("#user");
            Assert.Equal("Alice Example", await page.TextContentAsync("#user"));

            await page.ClickAsync("#connect-slack");
            await page.WaitForSelectorAsync("#connected");   // back from the sandbox at /?connected=slack
            Assert.Contains("slack: grant_", await page.TextContentAsync("#connections"), StringComparison.Ordinal);

            var text = "sample says hi " + Guid.NewGuid().ToString("N")[..8];
            await page.FillAsync("#text", text);
            await page.ClickAsync("#post");
            await page.WaitForSelectorAsync("#posted");
            Assert.Contains(text, await page.TextContentAsync("#messages"), StringComparison.Ordinal);
            // Neither the issuer's nor Slack's authorization code (nor a state) reached the sample's log.
            Assert.DoesNotContain("code=", sample.Output, StringComparison.Ordinal);
            Assert.DoesNotContain("state=", sample.Output, StringComparison.Ordinal);
            Assert.DoesNotContain("\"code\"", sample.Output, StringComparison.Ordinal);
        }
        catch (Exception e) when (e is not Xunit.Sdk.XunitException)
        {
            throw new InvalidOperationException($"The sample failed at {page.Url}; its output:\n{sample.Output}", e);
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }
}
