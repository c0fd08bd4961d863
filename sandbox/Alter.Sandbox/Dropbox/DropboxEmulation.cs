using Alter.Sandbox.OAuth;
using Microsoft.AspNetCore.Routing;

namespace Alter.Sandbox.Dropbox;

/// <summary>The Dropbox emulation: its OAuth endpoints and a slice of the API v2 RPC endpoints (account, files).</summary>
internal sealed class DropboxEmulation : SandboxEmulation
{
    public const string ProviderId = "dropbox";
    public const string ClientId = "sandbox-dropbox-client";
    public const string ClientSecret = "sandbox-dropbox-secret";

    public override string Id => ProviderId;
    public override string ApiPathPrefix => "/dropbox/api/2/";

    /// <summary>Dropbox's 429: a <c>too_many_requests</c> rate-limit error with the seconds to wait.</summary>
    public override string RateLimitBody => """{"error_summary":"too_many_requests/..","error":{"reason":{".tag":"too_many_requests"},"retry_after":1}}""";

    public override SandboxProvider Create(Uri baseUri) => CreateProvider(baseUri);

    /// <summary><c>2/auth/token/revoke</c> revokes the caller's token rather than calling the API.</summary>
    public override bool IsOAuthPath(string path) => path.StartsWith("/dropbox/api/2/auth/token/", StringComparison.OrdinalIgnoreCase);

    public override void Map(IEndpointRouteBuilder app, SandboxContext context)
    {
        new DropboxOAuthEndpoints(context).Map(app);
        new DropboxApiEndpoints(context).Map(app);
    }

    /// <summary>Dropbox's endpoints on the sandbox: <c>www.dropbox.com</c> under <c>dropbox/www/</c>, <c>api.dropboxapi.com</c> under <c>dropbox/api/</c>.</summary>
    public static SandboxProvider CreateProvider(Uri baseUri)
    {
        var b = baseUri.AbsoluteUri;
        return new SandboxProvider(
            ProviderId, ClientId, ClientSecret,
            AuthorizationUrl: $"{b}dropbox/www/oauth2/authorize",
            TokenUrl: $"{b}dropbox/api/oauth2/token",
            RevocationUrl: $"{b}dropbox/api/2/auth/token/revoke",
            ApiBaseUrl: $"{b}dropbox/api/2/",
            Authority: baseUri.Authority);
    }

    /// <summary>Short-lived access tokens (<c>sl.</c>...) and long-lived refresh tokens that a refresh does not replace.</summary>
    internal static TokenPolicy Policy(SandboxContext sandbox) => new(
        NewAccessToken: () => "sl.u." + TokenGenerator.Alphanumeric(140),
        NewRefreshToken: () => TokenGenerator.Alphanumeric(64),
        UseRefreshTokens: sandbox.UseRefreshTokens,
        RotateRefreshTokens: false,
        AccessTokenLifetime: sandbox.AccessTokenLifetime,
        RefreshTokenLifetime: null);
}
