using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Alter.Typed.OAuthTests.Server;

/// <summary>The OAuth client the runtime under test is: a confidential client that must use PKCE.</summary>
internal static class TestClientRegistration
{
    public const string ClientId = "alter-test";
    public const string ClientSecret = "alter-test-secret-6b1d0c";
    public const string ApiScope = "api";

    public static async Task RegisterAsync(IOpenIddictApplicationManager applications, IReadOnlyList<string> redirectUris)
    {
        var descriptor = new OpenIddictApplicationDescriptor
        {
            ClientId = ClientId,
            ClientSecret = ClientSecret,
            ClientType = ClientTypes.Confidential,
            DisplayName = "AlterTyped runtime under test",
            Permissions =
            {
                Permissions.Endpoints.Authorization,
                Permissions.Endpoints.Token,
                Permissions.Endpoints.Revocation,
                Permissions.GrantTypes.AuthorizationCode,
                Permissions.GrantTypes.RefreshToken,
                Permissions.ResponseTypes.Code,
                Permissions.Prefixes.Scope + ApiScope,
                Permissions.Prefixes.Scope + TestUser.RefusedScope,
            },
            Requirements = { Requirements.Features.ProofKeyForCodeExchange },
        };
        foreach (var uri in redirectUris) descriptor.RedirectUris.Add(new Uri(uri, UriKind.Absolute));
        await applications.CreateAsync(descriptor);
    }
}
