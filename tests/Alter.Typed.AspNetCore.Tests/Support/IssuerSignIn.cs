using Alter.Tests.Shared;
using Microsoft.Playwright;

namespace Alter.Typed.AspNetCore.Tests.Support;

/// <summary>Signing a person in to a test web app through the sample's local OpenID Connect issuer.</summary>
internal static class IssuerSignIn
{
    /// <summary>Signs <paramref name="user"/> in to the app at <paramref name="app"/> through its local OpenID Connect issuer, in a new context.</summary>
    public static async Task<IPage> SignInAsync(this Chromium chromium, Uri app, string user, string password = WebApp.Issuer.IssuerUsers.DevPassword)
    {
        var page = await chromium.NewPageAsync();
        await page.GotoAsync(new Uri(app, "signin").AbsoluteUri);
        await page.WaitForURLAsync("**/issuer/login**");   // the issuer's own sign-in form
        await page.FillAsync("#username", user);
        await page.FillAsync("#password", password);
        await page.ClickAsync("#signin");
        await page.WaitForURLAsync(app.AbsoluteUri);          // issuer → /signin-oidc (code exchanged, cookie set) → /
        return page;
    }
}
