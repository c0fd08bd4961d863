namespace Alter.Typed.Http;

/// <summary>
/// A request sent through the credential pipeline, carrying what the pipeline needs to know about the call. The handler
/// fills in what it learns (the grant used, the provider's verdict) for the sender to read. The context rides on the
/// message itself: <see cref="HttpRequestMessage.Options"/> would allocate a dictionary per call, a separate object one more.
/// </summary>
internal sealed class AlterRequestMessage(HttpMethod method, Uri uri, ResolvedProvider provider, string? grantId, string operation) : HttpRequestMessage(method, uri)
{
    /// <summary>The call's context: the message itself.</summary>
    public AlterRequestMessage Call => this;

    public ResolvedProvider Provider { get; } = provider;
    public string? GrantId { get; set; } = grantId;
    public string Operation { get; } = operation;

    /// <summary>The provider's error code when its answer was a failure (status or <c>ok:false</c>).</summary>
    public string? ProviderErrorCode { get; set; }

    /// <summary>False when a 2xx body said <c>ok:false</c>.</summary>
    public bool BodySaysOk { get; set; } = true;
}
