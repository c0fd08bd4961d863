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
        : base(BuildMessage(provider, operation, status, errorCode))
    {
        Provider = provider;
        Operation = operation;
        StatusCode = status;
        ErrorCode = errorCode;
        Body = body;
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

    private static string BuildMessage(string provider, string operation, HttpStatusCode status, string? code)
        => code is null
            ? $"{provider} {operation} failed with HTTP {(int)status} {status}."
            : $"{provider} {operation} failed with HTTP {(int)status}: {code}.";
}
