namespace Alter.Typed;

/// <summary>Options of one web Connect (<see cref="WebConnect.Begin"/>).</summary>
public sealed record WebConnectOptions
{
    /// <summary>
    /// Origins (<c>scheme://host[:port]</c>) the person may be sent back to after connecting. Default: the redirect URI's origin.
    /// </summary>
    public IReadOnlyCollection<string>? AllowedReturnOrigins { get; init; }

    /// <summary>Scopes to request instead of the provider's defaults (or the app's configured scopes).</summary>
    public IReadOnlyList<string>? Scopes { get; init; }

    /// <summary>User scopes, for providers that issue a user token beside the app's (Slack's <c>user_scope</c>).</summary>
    public IReadOnlyList<string>? UserScopes { get; init; }

    /// <summary>Values the provider's URLs need (a subdomain), as its description declares them.</summary>
    public IReadOnlyDictionary<string, string>? ConnectionValues { get; init; }

    /// <summary>
    /// Binds the flow to one browser as well (a random value the caller keeps in an HttpOnly cookie, for example):
    /// <see cref="WebConnect.CompleteAsync"/> then needs the same value. Only its hash is stored.
    /// </summary>
    public string? BrowserBinding { get; init; }
}

/// <summary>A completed web Connect: the grant, now the owner's, and where to send the person back to.</summary>
/// <param name="Connection">The connected grant.</param>
/// <param name="Owner">Whose grant it is.</param>
/// <param name="ReturnUrl">The return URL given to <see cref="WebConnect.Begin"/> (checked then), or null.</param>
public sealed record WebConnectResult(ConnectResult Connection, Principal Owner, Uri? ReturnUrl);

/// <summary>
/// A short-lived opaque token that lets a browser app (an SPA) start Connect for one principal without holding the
/// app's credentials: minted by the backend for its signed-in user, it names the providers and the return origin allowed.
/// </summary>
/// <param name="Token">The token (shown once; only its hash is stored).</param>
/// <param name="Owner">Whose connections it starts.</param>
/// <param name="AllowedProviders">The providers it may connect.</param>
/// <param name="AllowedReturnOrigin">The origin the person may be sent back to, or null for the redirect URI's origin.</param>
/// <param name="ExpiresAt">When it stops working.</param>
public sealed record ConnectSession(string Token, Principal Owner, IReadOnlyList<string> AllowedProviders, string? AllowedReturnOrigin, DateTimeOffset ExpiresAt)
{
    /// <summary>Never shows the token.</summary>
    public override string ToString() => $"ConnectSession {{ Owner = {Owner}, AllowedProviders = [{string.Join(", ", AllowedProviders)}], AllowedReturnOrigin = {AllowedReturnOrigin}, ExpiresAt = {ExpiresAt:O} }}";
}
