using System.Net;
using System.Text;
using Alter.Sandbox;
using Alter.Typed;
using Alter.Typed.AspNetCore;
using Alter.Typed.Slack;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using WebApp.Issuer;

namespace WebApp;

/// <summary>The sample's one page (server-rendered, no script) and its actions: sign in/out, post to #general.</summary>
internal static class Pages
{
    public static void Map(WebApplication app, SandboxServer sandbox)
    {
        app.MapGet("/", (HttpContext context, App alter) => Home(context, alter, sandbox));
        app.MapGet("/signin", () => Results.Challenge(new AuthenticationProperties { RedirectUri = "/" }, [OpenIdConnectDefaults.AuthenticationScheme]));
        app.MapPost("/signout", async (HttpContext context) =>
        {
            // The issuer lives in this process: ending its session too lets the next person sign in as someone else.
            await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            await context.SignOutAsync(LocalIssuer.CookieScheme);
            return Results.Redirect("/");
        }).DisableAntiforgery();
        app.MapPost("/post", PostAsync).DisableAntiforgery();
    }

    /// <summary>
    /// Posts the form's text to #general through the injected typed Slack client. It acts for the request's signed-in
    /// user (AddAspNetCore sets the principal source), so it uses that user's own grant, never another's nor the app's;
    /// a user who has not connected Slack yet is sent to connect it.
    /// </summary>
    private static async Task<IResult> PostAsync(HttpContext context, SlackClient slack)
    {
        if (AlterClaims.ToPrincipal(context.User) is null) return Results.Redirect("/signin");
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var text = form["text"].ToString() is { Length: > 0 } t ? t : "Hello from the AlterTyped web app sample.";
        try
        {
            var sent = await slack.Chat.PostMessage(new() { Channel = "#general", Text = text }, context.RequestAborted);
            return Results.Redirect("/?posted=" + Uri.EscapeDataString(sent.Ts ?? ""));
        }
        catch (ConnectRequiredException e) when (e.ConnectUrl is { } connect)
        {
            return Results.Redirect(connect.AbsoluteUri + "?returnUrl=%2F%3Fconnected%3Dslack");
        }
        catch (AlterException e)
        {
            return Results.Redirect("/?error=" + Uri.EscapeDataString(e.Message));
        }
    }

    private static IResult Home(HttpContext context, App alter, SandboxServer sandbox)
    {
        var html = new StringBuilder("""
            <!doctype html>
            <html><head><meta charset="utf-8"><title>AlterTyped web app sample</title></head>
            <body>
            <h1>AlterTyped web app sample</h1>
            """);
        if (AlterClaims.ToPrincipal(context.User) is not { } user)
        {
            html.Append("""<p>You are not signed in. <a id="signin" href="/signin">Sign in</a> (alice or bob, password <code>""")
                .Append(IssuerUsers.DevPassword).Append("</code>).</p></body></html>");
            return Results.Content(html.ToString(), "text/html; charset=utf-8");
        }

        var query = context.Request.Query;
        html.Append("<p>Signed in as <strong id=\"user\">").Append(E(context.User.Identity?.Name ?? user.Subject)).Append("</strong> (")
            .Append(E(user.ToString())).Append(").</p>")
            .Append("""<form method="post" action="/signout"><button id="signout" type="submit">Sign out</button></form>""");
        if (query["error"].ToString() is { Length: > 0 } error) html.Append("<p id=\"error\">").Append(E(error)).Append("</p>");
        if (query["connected"].ToString() is { Length: > 0 } connected) html.Append("<p id=\"connected\">Connected ").Append(E(connected)).Append(".</p>");
        if (query["posted"].ToString() is { Length: > 0 } ts) html.Append("<p id=\"posted\">Slack answered ok, message ts ").Append(E(ts)).Append(".</p>");

        html.Append("""
            <p><a id="connect-slack" href="/alter/connect/slack?returnUrl=%2F%3Fconnected%3Dslack">Connect Slack</a></p>
            <form method="post" action="/post">
              <input id="text" name="text" placeholder="Message" size="40">
              <button id="post" type="submit">Post to #general</button>
            </form>
            <h2>My connections</h2>
            <ul id="connections">
            """);
        foreach (var grant in alter.ListGrants().Where(g => g.Owner == user))
            html.Append("<li>").Append(E(grant.Provider)).Append(": ").Append(E(grant.Id)).Append(", account ").Append(E(grant.Account ?? "-"))
                .Append(", ").Append(grant.Status == GrantStatus.Active ? "active" : "connect again").Append("</li>");
        html.Append("</ul><h2>#general in the sandbox workspace</h2><ul id=\"messages\">");
        foreach (var message in sandbox.State.Messages.Reverse())
            html.Append("<li>").Append(E(message.Text)).Append("</li>");
        html.Append("</ul></body></html>");
        return Results.Content(html.ToString(), "text/html; charset=utf-8");
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
