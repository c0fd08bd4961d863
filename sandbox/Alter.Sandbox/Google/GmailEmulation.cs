using Microsoft.AspNetCore.Routing;

namespace Alter.Sandbox.Google;

/// <summary>The Gmail emulation: Google's OAuth under <c>/gmail/</c> and a slice of the Gmail API (<c>/gmail/api/gmail/v1/</c>).</summary>
internal sealed class GmailEmulation : SandboxEmulation
{
    public const string ProviderId = "gmail";
    public const string ClientId = "sandbox-gmail-client.apps.googleusercontent.com";
    public const string ClientSecret = "GOCSPX-sandbox-gmail-secret";

    public override string Id => ProviderId;
    public override string ApiPathPrefix => "/gmail/api/gmail/v1/";
    public override string RateLimitBody => GoogleApiErrors.RateLimitBody;
    public override SandboxProvider Create(Uri baseUri) => CreateProvider(baseUri);

    public static SandboxProvider CreateProvider(Uri baseUri)
    {
        var b = baseUri.AbsoluteUri;
        var (authorize, token, revoke) = GoogleOAuthEndpoints.Urls(b, ProviderId);
        return new SandboxProvider(ProviderId, ClientId, ClientSecret, authorize, token, revoke, $"{b}gmail/api/gmail/v1/", baseUri.Authority);
    }

    public override void Map(IEndpointRouteBuilder app, SandboxContext context)
    {
        new GoogleOAuthEndpoints(context, () => CreateProvider(context.BaseUri), "https://www.googleapis.com/auth/gmail.readonly").Map(app, ProviderId);
        new GmailApiEndpoints(context).Map(app);
    }
}
