using System.Net.Http.Headers;
using System.Text.Json;

namespace Alter.Typed;

/// <summary>
/// Recognises an answer that says the token is fine but lacks a scope the call needs, in the forms providers use:
/// RFC 6750's <c>WWW-Authenticate: Bearer error="insufficient_scope", scope="..."</c> (Google), a JSON body whose
/// <c>error</c> is <c>insufficient_scope</c> with a <c>scope</c> (GitLab), Slack's <c>missing_scope</c> with
/// <c>needed</c>, Dropbox's <c>missing_scope/</c> with <c>error.required_scope</c>. Such an answer must not be read as
/// a dead token (Dropbox sends it with HTTP 401): a refresh brings the same scopes back, only a new consent helps.
/// </summary>
internal static class ScopeShortfall
{
    /// <summary>True for an error code that names a missing scope.</summary>
    public static bool IsScopeCode(string? code)
        => code is not null && (code.Equals("insufficient_scope", StringComparison.OrdinalIgnoreCase)
            || code.Equals("missing_scope", StringComparison.OrdinalIgnoreCase)
            || code.StartsWith("missing_scope/", StringComparison.OrdinalIgnoreCase)); // Dropbox's error_summary: missing_scope/..

    /// <summary>True when a <c>WWW-Authenticate</c> challenge says <c>error="insufficient_scope"</c> (RFC 6750 §3.1).</summary>
    public static bool HeaderSays(HttpResponseMessage response)
        => Challenge(response) is not null;

    /// <summary>
    /// Whether the answer says a scope is missing, and the scopes the provider names as needed (empty when it names none).
    /// Only called on the error path, with the body already read.
    /// </summary>
    public static (bool Missing, IReadOnlyList<string> Needed) Read(HttpResponseMessage response, string? code, string body)
        => Read(response, code, System.Text.Encoding.UTF8.GetBytes(body));

    /// <summary>As above, from the body's bytes (the verdict's one read of the body).</summary>
    public static (bool Missing, IReadOnlyList<string> Needed) Read(HttpResponseMessage response, string? code, ReadOnlySpan<byte> body)
    {
        if (Challenge(response) is { } challenge)
            return (true, Split(Parameter(challenge.Parameter, "scope")));

        string? bodyError = null;
        var needed = new List<string>();
        try
        {
            var reader = new Utf8JsonReader(body);
            using var document = JsonDocument.ParseValue(ref reader);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object)
            {
                if (root.TryGetProperty("error", out var error))
                {
                    if (error.ValueKind == JsonValueKind.String) bodyError = error.GetString();
                    // Dropbox: {"error_summary":"missing_scope/..","error":{".tag":"missing_scope","required_scope":"files.content.read"}}
                    else if (error.ValueKind == JsonValueKind.Object)
                    {
                        if (error.TryGetProperty(".tag", out var tag) && tag.ValueKind == JsonValueKind.String) bodyError = tag.GetString();
                        if (error.TryGetProperty("required_scope", out var required) && required.ValueKind == JsonValueKind.String)
                            needed.AddRange(Split(required.GetString()));
                    }
                }
                foreach (var name in (ReadOnlySpan<string>)["scope", "needed"]) // GitLab's scope, Slack's needed
                {
                    if (root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String) needed.AddRange(Split(value.GetString()));
                }
            }
        }
        catch (JsonException)
        {
            // Not JSON: only the code and the header can tell.
        }

        var missing = IsScopeCode(code) || IsScopeCode(bodyError);
        return (missing, missing ? needed.Distinct(StringComparer.Ordinal).ToList() : []);
    }

    private static AuthenticationHeaderValue? Challenge(HttpResponseMessage response)
    {
        foreach (var challenge in response.Headers.WwwAuthenticate)
        {
            if (Parameter(challenge.Parameter, "error") is { } error && error.Equals("insufficient_scope", StringComparison.OrdinalIgnoreCase))
                return challenge;
        }
        return null;
    }

    /// <summary>A parameter of an auth-param list (<c>realm="x", error="insufficient_scope", scope="a b"</c>).</summary>
    private static string? Parameter(string? parameters, string name)
    {
        if (parameters is null) return null;
        var at = 0;
        while (at < parameters.Length)
        {
            var equals = parameters.IndexOf('=', at);
            if (equals < 0) return null;
            var key = parameters[at..equals].Trim(' ', ',');
            string value;
            var start = equals + 1;
            if (start < parameters.Length && parameters[start] == '"')
            {
                var end = parameters.IndexOf('"', start + 1);
                if (end < 0) end = parameters.Length;
                value = parameters[(start + 1)..end];
                at = end + 1;
            }
            else
            {
                var end = parameters.IndexOf(',', start);
                if (end < 0) end = parameters.Length;
                value = parameters[start..end].Trim();
                at = end;
            }
            if (key.Equals(name, StringComparison.OrdinalIgnoreCase)) return value;
            while (at < parameters.Length && parameters[at] is ',' or ' ') at++;
        }
        return null;
    }

    private static string[] Split(string? scopes)
        => (scopes ?? "").Split([' ', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
