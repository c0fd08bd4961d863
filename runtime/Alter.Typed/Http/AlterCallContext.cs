namespace Alter.Typed.Http;

/// <summary>
/// What the pipeline needs to know about one call, carried by its <see cref="AlterRequestMessage"/>.
/// The handler fills in what it learns (the grant used, the provider's verdict) for the sender to read.
/// </summary>
internal sealed class AlterCallContext(ResolvedProvider provider, string? grantId, string operation)
{
    public ResolvedProvider Provider { get; } = provider;
    public string? GrantId { get; set; } = grantId;
    public string Operation { get; } = operation;

    /// <summary>The provider's error code when its answer was a failure (status or <c>ok:false</c>).</summary>
    public string? ProviderErrorCode { get; set; }

    /// <summary>False when a 2xx body said <c>ok:false</c>.</summary>
    public bool BodySaysOk { get; set; } = true;
}

/// <summary>
/// A request sent through the credential pipeline. The call context rides on the message itself rather than in
/// <see cref="HttpRequestMessage.Options"/>, which would allocate a dictionary per call on the hot path.
/// </summary>
internal sealed class AlterRequestMessage(HttpMethod method, Uri uri, AlterCallContext call) : HttpRequestMessage(method, uri)
{
    public AlterCallContext Call { get; } = call;
}
