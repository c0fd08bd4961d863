using Microsoft.AspNetCore.Routing;

namespace Alter.Sandbox.Google;

/// <summary>The Google Drive emulation: Google's OAuth under <c>/google-drive/</c> and a slice of Drive v3 (<c>/google-drive/api/drive/v3/</c>).</summary>
internal sealed class GoogleDriveEmulation : SandboxEmulation
{
    public const string ProviderId = "google-drive";
    public const string ClientId = "sandbox-google-drive-client.apps.googleusercontent.com";
    public const string ClientSecret = "GOCSPX-sandbox-drive-secret";

    public override string Id => ProviderId;
    public override string ApiPathPrefix => "/google-drive/api/drive/v3/";
    public override string RateLimitBody => GoogleApiErrors.RateLimitBody;
    public override SandboxProvider Create(Uri baseUri) => CreateProvider(baseUri);

    public static SandboxProvider CreateProvider(Uri baseUri)
    {
        var b = baseUri.AbsoluteUri;
        var (authorize, token, revoke) = GoogleOAuthEndpoints.Urls(b, ProviderId);
        return new SandboxProvider(ProviderId, ClientId, ClientSecret, authorize, token, revoke, $"{b}google-drive/api/drive/v3/", baseUri.Authority);
    }

    public override void Map(IEndpointRouteBuilder app, SandboxContext context)
    {
        new GoogleOAuthEndpoints(context, () => CreateProvider(context.BaseUri), "https://www.googleapis.com/auth/drive.metadata.readonly").Map(app, ProviderId);
        new GoogleDriveApiEndpoints(context).Map(app);
    }
}
