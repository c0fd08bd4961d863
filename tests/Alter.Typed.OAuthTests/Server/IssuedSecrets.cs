using System.Collections.Concurrent;

namespace Alter.Typed.OAuthTests.Server;

/// <summary>One answer of the token endpoint: the tokens it issued, or the error it gave (with OpenIddict's <c>IDxxxx</c> in <see cref="ErrorUri"/>).</summary>
internal sealed record TokenResponseRecord(string? GrantType, string? AccessToken, string? RefreshToken, string? Error, string? ErrorDescription, string? ErrorUri)
{
    public bool IsSuccess => Error is null && AccessToken is not null;

    /// <summary>Never shows the tokens.</summary>
    public override string ToString() => $"TokenResponse {{ GrantType = {GrantType}, Success = {IsSuccess}, Error = {Error}, ErrorUri = {ErrorUri} }}";
}

/// <summary>
/// Every secret the server handed out (authorization codes, access and refresh tokens) and every token endpoint answer,
/// captured by OpenIddict event handlers. Tests use it to replay old tokens and to check that no message leaks one.
/// </summary>
internal sealed class IssuedSecrets
{
    private readonly ConcurrentQueue<TokenResponseRecord> _tokenResponses = new();
    private readonly ConcurrentQueue<string> _codes = new();

    public IReadOnlyList<TokenResponseRecord> TokenResponses => [.. _tokenResponses];

    public IReadOnlyList<TokenResponseRecord> SuccessfulTokenResponses => [.. _tokenResponses.Where(r => r.IsSuccess)];

    public IReadOnlyList<string> Codes => [.. _codes];

    /// <summary>All codes and tokens issued so far.</summary>
    public IReadOnlyList<string> All => [.. _codes.Concat(_tokenResponses.SelectMany(r => new[] { r.AccessToken, r.RefreshToken }).OfType<string>())];

    public void Add(TokenResponseRecord response) => _tokenResponses.Enqueue(response);

    public void AddCode(string code) => _codes.Enqueue(code);
}
