using Microsoft.AspNetCore.Http;

namespace Alter.Sandbox.OAuth;

/// <summary>
/// The RFC 7009 revoke endpoint several providers share: client credentials in HTTP Basic or the form
/// (<see cref="ClientCredentials.Read"/>), the token in the form field <c>token</c>. A bad client gets the provider's
/// own error; otherwise the grant behind the token is revoked (when it is a live or expired access token of the provider)
/// and the provider's success answer goes back whether or not the token was known (RFC 7009 §2.2). Both answers are the
/// provider's; providers whose revoke takes the token elsewhere or answers by the token's status keep their own endpoint.
/// </summary>
internal static class RevokeEndpoint
{
    public static async Task<IResult> HandleAsync(HttpRequest request, SandboxProvider provider, TokenStore tokens, IResult badClient, IResult revoked)
    {
        var form = await OAuthForm.ReadAsync(request);
        var (clientId, clientSecret) = ClientCredentials.Read(request, form);
        if (clientId != provider.ClientId || clientSecret != provider.ClientSecret) return badClient;

        if (form["token"].ToString() is { Length: > 0 } token) tokens.Revoke(provider.Id, token);
        return revoked;
    }
}
