using System.CommandLine;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Alter.Cli.Output;
using Alter.Typed;

namespace Alter.Cli.Commands;

/// <summary>
/// <c>alter request &lt;METHOD&gt; &lt;url&gt; --grant &lt;id&gt; [--json &lt;body&gt;]</c>: the untyped escape hatch
/// (<c>app.Request</c>) through the same pipeline as typed calls: the grant's token is injected, the host is checked
/// against the provider's, and the call is audited. The token never appears.
/// </summary>
public static partial class RequestCommand
{
    /// <summary>The <c>request</c> command.</summary>
    public static Command Create(GlobalOptions global)
    {
        var method = new Argument<string>("method") { Description = "The HTTP method: GET, POST, PUT, PATCH, DELETE, ..." };
        var url = new Argument<string>("url") { Description = "An absolute URL on one of the provider's hosts, or a path relative to its API base URL (chat.postMessage, /user)." };
        var key = GlobalOptions.CreateKeyOption();
        var grant = new Option<string>("--grant") { Description = "The grant to act under (its provider is the one called); with an agent key, also a delegation made to the agent (dlg_…).", Required = true, HelpName = "grant" };
        var json = new Option<string?>("--json") { Description = "A JSON body, sent as is. It is checked before anything is sent.", HelpName = "body" };
        var principal = GlobalOptions.CreatePrincipalOption("Whom the call acts for: the grant must be this principal's.");
        var command = new Command("request", "Call a provider URL under a grant (token injected, host checked, audited) and print the status and body.") { method, url, key, grant, json, principal };

        CliContext.SetAction(command, global, async (context, cancellationToken) =>
        {
            var p = context.Parse;
            var verb = p.GetValue(method)!.Trim();
            if (!MethodPattern().IsMatch(verb)) throw new CliException(ExitCodes.BadInput, $"'{verb}' is not an HTTP method (GET, POST, PUT, PATCH, DELETE, ...).");
            var body = ParseBody(p.GetValue(json));

            await using var app = context.OpenApp(key, CliContext.ActingFor(context.CreateOptions(), context.GetPrincipal(principal)));
            var grantId = p.GetValue(grant)!.Trim();
            using var response = await app.Request(new HttpMethod(verb.ToUpperInvariant()), p.GetValue(url)!, grantId, body, cancellationToken).ConfigureAwait(false);
            var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            var reason = response.ReasonPhrase ?? response.StatusCode.ToString();
            JsonNode? parsed = TryParse(text);

            if (context.Format == OutputFormat.Table)
            {
                await context.Output.WriteLineAsync($"HTTP {status} {reason}").ConfigureAwait(false);
                if (text.Length > 0)
                    await context.Output.WriteLineAsync(parsed is not null ? parsed.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) : text).ConfigureAwait(false);
                await context.Output.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await context.Renderer.ItemAsync(new JsonObject
                {
                    ["status"] = status,
                    ["reason"] = reason,
                    ["contentType"] = response.Content.Headers.ContentType?.ToString(),
                    ["body"] = parsed ?? (text.Length == 0 ? null : JsonValue.Create(text)),
                }).ConfigureAwait(false);
            }

            if (response.IsSuccessStatusCode) return ExitCodes.Ok;
            await context.Error.WriteLineAsync($"alter: the provider answered HTTP {status} {reason}.").ConfigureAwait(false);
            return ExitCodes.ProviderError;
        });
        return command;
    }

    /// <summary>Parses the <c>--json</c> body; a malformed one is refused before the app is even opened.</summary>
    internal static JsonElement? ParseBody(string? json)
    {
        if (json is null) return null;
        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new CliException(ExitCodes.BadInput, $"--json is not valid JSON ({e.Message}). Nothing was sent.");
        }
    }

    private static JsonNode? TryParse(string text)
    {
        if (text.Length == 0) return null;
        try { return JsonNode.Parse(text); }
        catch (JsonException) { return null; }
    }

    [GeneratedRegex("^[A-Za-z]{1,20}$", RegexOptions.CultureInvariant)]
    private static partial Regex MethodPattern();
}
