using System.Net;

namespace Alter.Typed;

/// <summary>
/// The provider answered with an error: a non-success status, or a success status whose body says
/// it failed (Slack's <c>{"ok":false,"error":"channel_not_found"}</c>).
/// </summary>
public sealed class ProviderApiException : AlterException
{
    /// <summary>Creates the error.</summary>
    public ProviderApiException(string provider, string operation, HttpStatusCode status, string? errorCode, string body)
        : this(provider, operation, status, errorCode, body, scopeMissing: false, neededScopes: [])
    {
    }

    /// <summary>Creates the error for an answer that may say the grant lacks a scope.</summary>
    public ProviderApiException(string provider, string operation, HttpStatusCode status, string? errorCode, string body, bool scopeMissing, IReadOnlyList<string> neededScopes)
        : base(BuildMessage(provider, operation, status, errorCode, scopeMissing, neededScopes))
    {
        Provider = provider;
        Operation = operation;
        StatusCode = status;
        ErrorCode = errorCode;
        Body = body;
        ScopeMissing = scopeMissing;
        NeededScopes = neededScopes;
    }

    /// <summary>The provider id.</summary>
    public string Provider { get; }

    /// <summary>The operation id, or the request path for untyped calls.</summary>
    public string Operation { get; }

    /// <summary>The HTTP status the provider answered.</summary>
    public HttpStatusCode StatusCode { get; }

    /// <summary>
    /// The provider's error code or message, when its JSON body carried one where the provider's
    /// <see cref="ProviderErrorConvention.CodeProperty"/> points: a top-level property (Slack's <c>invalid_auth</c>) or a
    /// dotted path into nested objects (Google's <c>error.status</c> <c>NOT_FOUND</c>, Microsoft Graph's <c>error.code</c>);
    /// a number is given as its JSON text (Zoom's <c>124</c>). <see langword="null"/> when the body had none.
    /// </summary>
    public string? ErrorCode { get; }

    /// <summary>The response body (truncated to 4 KB).</summary>
    public string Body { get; }

    /// <summary>
    /// True when the provider said the token lacks a scope this call needs (RFC 6750 <c>insufficient_scope</c>, Slack's and
    /// Dropbox's <c>missing_scope</c>). The grant still works for what it was granted: connect again asking for the scope.
    /// </summary>
    public bool ScopeMissing { get; }

    /// <summary>The scopes the provider named as needed, when <see cref="ScopeMissing"/> and it named any (any one may do).</summary>
    public IReadOnlyList<string> NeededScopes { get; }

    private static string BuildMessage(string provider, string operation, HttpStatusCode status, string? code, bool scopeMissing, IReadOnlyList<string> needed)
    {
        var message = code is null
            ? $"{provider} {operation} failed with HTTP {(int)status} {status}."
            : $"{provider} {operation} failed with HTTP {(int)status}: {code}.";
        if (!scopeMissing) return message;
        var named = needed.Count > 0 ? $" ({provider} names: {string.Join(", ", needed)})" : "";
        return message + $" The grant lacks a scope this call needs{named}: connect {provider} again asking for it"
            + " (ConnectOptions.Scopes, or the app's scopes for the provider), then retry.";
    }
}
