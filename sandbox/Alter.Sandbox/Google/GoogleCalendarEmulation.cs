using Microsoft.AspNetCore.Routing;

namespace Alter.Sandbox.Google;

/// <summary>The Google Calendar emulation: Google's OAuth under <c>/google-calendar/</c> and a slice of Calendar v3 (<c>/google-calendar/api/calendar/v3/</c>).</summary>
internal sealed class GoogleCalendarEmulation : SandboxEmulation
{
    public const string ProviderId = "google-calendar";
    public const string ClientId = "sandbox-google-calendar-client.apps.googleusercontent.com";
    public const string ClientSecret = "GOCSPX-sandbox-calendar-secret";

    public override string Id => ProviderId;
    public override string ApiPathPrefix => "/google-calendar/api/calendar/v3/";
    public override string RateLimitBody => GoogleApiErrors.RateLimitBody;
    public override SandboxProvider Create(Uri baseUri) => CreateProvider(baseUri);

    public static SandboxProvider CreateProvider(Uri baseUri)
    {
        var b = baseUri.AbsoluteUri;
        var (authorize, token, revoke) = GoogleOAuthEndpoints.Urls(b, ProviderId);
        return new SandboxProvider(ProviderId, ClientId, ClientSecret, authorize, token, revoke, $"{b}google-calendar/api/calendar/v3/", baseUri.Authority);
    }

    public override void Map(IEndpointRouteBuilder app, SandboxContext context)
    {
        new GoogleOAuthEndpoints(context, () => CreateProvider(context.BaseUri), "https://www.googleapis.com/auth/calendar.readonly").Map(app, ProviderId);
        new GoogleCalendarApiEndpoints(context).Map(app);
    }
}
