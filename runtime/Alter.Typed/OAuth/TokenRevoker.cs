using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Alter.Typed.Vault;
using Duende.IdentityModel.Client;

namespace Alter.Typed.OAuth;

/// <summary>Tells a provider to revoke a grant's tokens, in the provider's own way (RFC 7009, Slack, GitHub).</summary>
internal sealed class TokenRevoker(HttpClient http)
{
    /// <summary>Revokes at the provider. Returns false when the provider has no revocation endpoint; throws when it refused.</summary>
    public async Task<bool> RevokeAsync(ResolvedProvider provider, TokenSet tokens, CancellationToken cancellationToken)
    {
        if (provider.RevocationUrl is null) return false;
        var name = provider.Descriptor.Name;
        HttpStatusCodeResult result;
        try
        {
            result = await SendAsync(provider, provider.RevocationUrl, tokens, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            // Unreachable (DNS, refused, TLS): the grant is kept, as for a refusal; the message names the host, never a token.
            throw new RevocationFailedException($"{name}'s revocation endpoint ({new Uri(provider.RevocationUrl).Authority}) could not be reached ({e.HttpRequestError}). The grant was kept; retry, or remove it locally with RemoveGrant.", provider.Id, 0);
        }
        if (!result.Ok)
            throw new RevocationFailedException($"{name} refused to revoke the grant's tokens (HTTP {result.Status}). The grant was kept; retry, or remove it locally with RemoveGrant.", provider.Id, result.Status);
        return true;
    }

    private async Task<HttpStatusCodeResult> SendAsync(ResolvedProvider provider, string revocationUrl, TokenSet tokens, CancellationToken cancellationToken)
    {
        HttpStatusCodeResult result;
        switch (provider.Descriptor.Auth.RevocationStyle)
        {
            case RevocationStyle.Bearer:
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, revocationUrl);
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens.AccessToken);
                using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
                result = new((int)response.StatusCode, response.IsSuccessStatusCode);
                break;
            }
            case RevocationStyle.ClientTokenDelete:
            {
                RequireClient(provider);
                using var request = new HttpRequestMessage(HttpMethod.Delete, revocationUrl.Replace("{client_id}", Uri.EscapeDataString(provider.ClientId!), StringComparison.Ordinal))
                {
                    Content = JsonContent.Create(new Dictionary<string, string> { ["access_token"] = tokens.AccessToken }, Vault.VaultJsonContext.Default.DictionaryStringString),
                };
                request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{provider.ClientId}:{provider.ClientSecret}")));
                using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
                // 404: the token is already gone at the provider, which is what we wanted.
                result = new((int)response.StatusCode, response.IsSuccessStatusCode || (int)response.StatusCode == 404);
                break;
            }
            default:
            {
                RequireClient(provider);
                // RFC 7009 lets a server keep a grant's access tokens alive when its refresh token is revoked
                // (self-contained JWTs, for one), so revoke both: the refresh token first, then the access token.
                result = new(200, true);
                foreach (var (token, hint) in new[] { (tokens.RefreshToken, "refresh_token"), (tokens.AccessToken, "access_token") })
                {
                    if (token is null) continue;
                    var response = await http.RevokeTokenAsync(new TokenRevocationRequest
                    {
                        Address = revocationUrl,
                        ClientId = provider.ClientId!,
                        ClientSecret = provider.ClientSecret,
                        ClientCredentialStyle = provider.Descriptor.Auth.ClientAuthentication == ClientAuthentication.ClientSecretBasic ? ClientCredentialStyle.AuthorizationHeader : ClientCredentialStyle.PostBody,
                        Token = token,
                        TokenTypeHint = hint,
                    }, cancellationToken).ConfigureAwait(false);
                    // RFC 7009 §2.2 answers 200 for a token that is already invalid; some providers (Google) answer
                    // invalid_token instead, typically for the access token whose refresh token was just revoked.
                    if (response.IsError && response.Error != "invalid_token") { result = new((int)response.HttpStatusCode, false); break; }
                }
                break;
            }
        }
        return result;
    }

    private static void RequireClient(ResolvedProvider provider)
    {
        if (string.IsNullOrEmpty(provider.ClientId))
            throw new AlterException($"Revoking a {provider.Descriptor.Name} grant needs its client id and secret (AlterOptions.Providers[\"{provider.Id}\"]).");
    }

    private readonly record struct HttpStatusCodeResult(int Status, bool Ok);
}
