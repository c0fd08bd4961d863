namespace Alter.Typed;

/// <summary>The kinds of credentials a provider takes.</summary>
public enum AuthKind
{
    /// <summary>OAuth 2.0 authorization code (with refresh tokens where the provider issues them).</summary>
    OAuth2,
    /// <summary>A static API key in a header or query parameter.</summary>
    ApiKey,
    /// <summary>A static bearer token.</summary>
    Bearer,
    /// <summary>HTTP basic authentication.</summary>
    Basic,
}

/// <summary>How a provider's revocation endpoint is called.</summary>
public enum RevocationStyle
{
    /// <summary>RFC 7009: POST the token (form) with client authentication.</summary>
    Rfc7009,
    /// <summary>Call the endpoint with the access token as the bearer credential (Slack's <c>auth.revoke</c>).</summary>
    Bearer,
    /// <summary>DELETE the endpoint (with <c>{client_id}</c> in its URL) with basic client authentication and a JSON <c>access_token</c> body (GitHub).</summary>
    ClientTokenDelete,
}

/// <summary>How the client authenticates itself at the token endpoint.</summary>
public enum ClientAuthentication
{
    /// <summary><c>client_id</c> and <c>client_secret</c> in the form body.</summary>
    ClientSecretPost,
    /// <summary>HTTP basic authentication with the client id and secret.</summary>
    ClientSecretBasic,
}

/// <summary>Where a credential goes on an outgoing request.</summary>
/// <param name="In"><c>header</c> or <c>query</c>.</param>
/// <param name="Name">The header or query parameter name.</param>
/// <param name="Prefix">Text placed before the credential, for example <c>Bearer </c>.</param>
public sealed record TokenPlacement(string In, string Name, string Prefix)
{
    /// <summary>The usual <c>Authorization: Bearer …</c> header.</summary>
    public static TokenPlacement BearerHeader { get; } = new("header", "Authorization", "Bearer ");
}

/// <summary>A provider's authentication facts, from the <c>auth</c> section of its description.</summary>
public sealed class ProviderAuth
{
    /// <summary>The kind of credential.</summary>
    public required AuthKind Kind { get; init; }

    /// <summary>OAuth 2.0 authorization endpoint.</summary>
    public string? AuthorizationUrl { get; init; }

    /// <summary>OAuth 2.0 token endpoint.</summary>
    public string? TokenUrl { get; init; }

    /// <summary>Where refresh tokens are redeemed, for the few providers that do it elsewhere than <see cref="TokenUrl"/> (Figma); null means the token URL.</summary>
    public string? RefreshUrl { get; init; }

    /// <summary>Token revocation endpoint, when the provider has one.</summary>
    public string? RevocationUrl { get; init; }

    /// <summary>How the revocation endpoint is called.</summary>
    public RevocationStyle RevocationStyle { get; init; } = RevocationStyle.Rfc7009;

    /// <summary>The separator between scopes in the <c>scope</c> parameter.</summary>
    public string ScopeSeparator { get; init; } = " ";

    /// <summary>Whether the provider supports PKCE (S256).</summary>
    public bool Pkce { get; init; }

    /// <summary>Scopes requested when the caller names none.</summary>
    public IReadOnlyList<string> DefaultScopes { get; init; } = [];

    /// <summary>How the client authenticates at the token endpoint.</summary>
    public ClientAuthentication ClientAuthentication { get; init; } = ClientAuthentication.ClientSecretPost;

    /// <summary>Where the access token goes on API calls.</summary>
    public TokenPlacement Token { get; init; } = TokenPlacement.BearerHeader;

    /// <summary>
    /// The authorization parameter that asks for a user token besides the app's own (Slack's <c>user_scope</c>);
    /// null when the provider has no such thing. See <see cref="ConnectOptions.UserScopes"/>.
    /// </summary>
    public string? UserScopeParameter { get; init; }

    /// <summary>Extra query parameters for the authorization request (for example Google's <c>access_type=offline</c>).</summary>
    public IReadOnlyDictionary<string, string> AuthorizationParameters { get; init; } = new Dictionary<string, string>();
}
