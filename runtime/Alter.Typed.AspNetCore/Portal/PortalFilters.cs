using Alter.Typed;
using Alter.Typed.AspNetCore.Portal.Components.Pages;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Alter.Typed.AspNetCore.Portal;

/// <summary>The endpoint filters of the portal's groups.</summary>
internal static class PortalFilters
{
    /// <summary>
    /// Every endpoint: a POST whose antiforgery token the middleware did not validate is refused with 400 before its
    /// handler runs (form-bound handlers are refused by ASP.NET Core's own binding; this covers the others, and fails
    /// closed when the check did not run). An <see cref="AlterException"/> becomes an error page (400), an unreachable provider
    /// (<see cref="HttpRequestException"/>) one with 502, instead of a 500.
    /// </summary>
    public static async ValueTask<object?> RefuseWithoutAntiforgeryAndShowErrors(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (!HttpMethods.IsGet(http.Request.Method) && !HttpMethods.IsHead(http.Request.Method)
            && http.Features.Get<IAntiforgeryValidationFeature>() is not { IsValid: true })
            return TypedResults.Problem("The form's antiforgery token is missing or invalid: reload the page and try again.", statusCode: StatusCodes.Status400BadRequest);
        try
        {
            return await next(context).ConfigureAwait(false);
        }
        catch (AlterException e)
        {
            var portal = http.RequestServices.GetRequiredService<PortalRequest>();
            return portal.Page<MessagePage>("Not done", portal.Section, e.Message, StatusCodes.Status400BadRequest);
        }
        catch (HttpRequestException e)
        {
            // A provider's revocation endpoint that cannot be reached: nothing was changed (the grant is kept).
            var portal = http.RequestServices.GetRequiredService<PortalRequest>();
            return portal.Page<MessagePage>("Not done", portal.Section,
                $"The provider could not be reached ({e.Message}); nothing was changed. Retry, or remove the grant locally.", StatusCodes.Status502BadGateway);
        }
    }

    /// <summary>The <c>/apps/{app}</c> group: finds the route's app (404 page when the store has none) for the handler and the page.</summary>
    public static async ValueTask<object?> LoadApp(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var portal = http.RequestServices.GetRequiredService<PortalRequest>();
        var id = http.Request.RouteValues["app"] as string;
        portal.App = id is null ? null : portal.Store.Admin.FindApp(id);
        if (portal.App is null)
            return portal.Page<MessagePage>("App not found", "", "The store has no such app. Pick one from the list.", StatusCodes.Status404NotFound);
        return await next(context).ConfigureAwait(false);
    }
}
