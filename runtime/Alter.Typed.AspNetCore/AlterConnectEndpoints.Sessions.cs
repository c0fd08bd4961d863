using System.Text.Json;
using Alter.Typed;
using Microsoft.AspNetCore.Http;

namespace Microsoft.AspNetCore.Builder;

public static partial class AlterConnectEndpoints
{
    /// <summary>
    /// <c>POST {prefix}/sessions</c>: a connect session for the signed-in user, in the shape of Nango's
    /// <c>create_connect_session</c>: <c>{"allowed_integrations":["slack"],"return_origin":"…"}</c> →
    /// <c>201 {"data":{"token":"…","expires_at":"…"}}</c>. The token is shown once; only its hash is stored.
    /// </summary>
    private static async Task CreateSessionAsync(HttpContext context)
    {
        var (app, options) = Services(context);
        var owner = CurrentUser(context, options);
        if (owner is null)
        {
            await Text(context, 401, "Sign in before asking for a connect session: it starts connections for the signed-in user.");
            return;
        }
        // JSON only: a cross-site HTML form cannot send it without a CORS preflight, so no other site mints sessions for the user.
        if (context.Request.ContentType?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) != true)
        {
            await Text(context, 415, "Send a JSON body: {\"allowed_integrations\": [\"slack\"]}.");
            return;
        }
        string[] providers;
        string? returnOrigin;
        try
        {
            using var body = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
            var root = body.RootElement;
            providers = root.TryGetProperty("allowed_integrations", out var list) && list.ValueKind == JsonValueKind.Array
                ? [.. list.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!)]
                : [];
            returnOrigin = root.TryGetProperty("return_origin", out var origin) && origin.ValueKind == JsonValueKind.String ? origin.GetString() : null;
        }
        catch (JsonException)
        {
            await Text(context, 400, "The body is not JSON.");
            return;
        }
        if (providers.Length == 0)
        {
            await Text(context, 400, "Name the providers the session may connect: {\"allowed_integrations\": [\"slack\"]}.");
            return;
        }
        if (returnOrigin is not null && !AllowedOrigins(context, options).Contains(Origin(returnOrigin), StringComparer.OrdinalIgnoreCase))
        {
            await Text(context, 400, "The return_origin is not one of the allowed return origins.");
            return;
        }
        if (providers.FirstOrDefault(p => !Knows(app, p)) is { } unknown)
        {
            await Text(context, 400, $"This app does not know the provider '{unknown}'.");
            return;
        }
        var session = app.WebConnect.CreateSession(owner, providers, returnOrigin, options.SessionLifetime);

        context.Response.StatusCode = 201;
        context.Response.ContentType = "application/json";
        context.Response.Headers.CacheControl = "no-store";
        await using var json = new Utf8JsonWriter(context.Response.Body);
        json.WriteStartObject();
        json.WriteStartObject("data");
        json.WriteString("token", session.Token);
        json.WriteString("expires_at", session.ExpiresAt);
        json.WriteEndObject();
        json.WriteEndObject();
        await json.FlushAsync(context.RequestAborted);
    }
}
