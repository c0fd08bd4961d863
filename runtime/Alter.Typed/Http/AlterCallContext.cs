namespace Alter.Typed.Http;

/// <summary>
/// What the pipeline needs to know about one call, carried in <see cref="HttpRequestMessage.Options"/>.
/// The handler fills in what it learns (the grant used, the provider's verdict) for the sender to read.
/// </summary>
internal sealed class AlterCallContext(ResolvedProvider provider, string? grantId, string operation)
{
    public static readonly HttpRequestOptionsKey<AlterCallContext> Key = new("Alter.Typed.Call");

    public ResolvedProvider Provider { get; } = provider;
    public string? GrantId { get; set; } = grantId;
    public string Operation { get; } = operation;

    /// <summary>The provider's error code when its answer was a failure (status or <c>ok:false</c>).</summary>
    public string? ProviderErrorCode { get; set; }

    /// <summary>False when a 2xx body said <c>ok:false</c>.</summary>
    public bool BodySaysOk { get; set; } = true;
}
