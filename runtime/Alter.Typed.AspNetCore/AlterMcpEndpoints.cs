using Alter.Typed;
using Alter.Typed.AI;
using Alter.Typed.AspNetCore;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol.AspNetCore.Authentication;
using ModelContextProtocol.Authentication;
using ModelContextProtocol.Server;

namespace Microsoft.AspNetCore.Builder;

/// <summary>The MCP server of an Alter app over ASP.NET Core: <c>services.AddAlterMcp(...)</c>, then <c>app.MapAlterMcp("/mcp")</c>.</summary>
public static class AlterMcpEndpoints
{
    /// <summary>The authentication scheme that validates the MCP clients' bearer tokens.</summary>
    public const string BearerScheme = "AlterMcpBearer";

    /// <summary>The authentication scheme that answers <c>401</c> with the resource metadata and serves that metadata.</summary>
    public const string ChallengeScheme = "AlterMcp";

    /// <summary>The authorization policy of the endpoint: an authenticated MCP client, by <see cref="BearerScheme"/> only.</summary>
    public const string AuthorizationPolicy = "AlterMcp";

    /// <summary>
    /// Registers the MCP server of the app's tools (streamable HTTP, stateless: the tool list is decided on each
    /// request, so a changed policy shows at once) and its authorization: JWT bearer tokens for
    /// <see cref="AlterMcpOptions.Resource"/> only, and the protected resource metadata (RFC 9728) that a <c>401</c>
    /// points MCP clients to. The host's own authentication defaults are left alone.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">The resource, its authorization servers, the token validation, the app and scope.</param>
    /// <returns><paramref name="services"/>.</returns>
    public static IServiceCollection AddAlterMcp(this IServiceCollection services, Action<AlterMcpOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        var options = new AlterMcpOptions();
        configure(options);
        var resource = options.Resource ?? throw new ArgumentException("AlterMcpOptions.Resource (the MCP endpoint's canonical URI, the tokens' audience) is required.", nameof(configure));
        services.AddSingleton(options);

        services.AddAuthentication()
            .AddJwtBearer(BearerScheme, jwt =>
            {
                options.JwtBearer?.Invoke(jwt);
                jwt.MapInboundClaims = false;
                jwt.ForwardChallenge = ChallengeScheme;
            })
            .AddMcp(ChallengeScheme, "MCP", mcp =>
            {
                mcp.ResourceMetadata = new ProtectedResourceMetadata
                {
                    Resource = resource.OriginalString,
                    AuthorizationServers = [.. options.AuthorizationServers.Select(s => s.OriginalString)],
                    ScopesSupported = [.. options.ScopesSupported],
                    BearerMethodsSupported = ["header"],
                };
            });
        // PostConfigure: after the app's callback and any ConfigureAll registered later, so nothing can widen what a token
        // must be: issued for this resource only (no confused deputy: no other audience, no custom audience validator),
        // signed, unexpired, from a validated issuer.
        services.PostConfigure<JwtBearerOptions>(BearerScheme, jwt =>
        {
            var parameters = jwt.TokenValidationParameters;
            jwt.Audience = null;
            parameters.ValidAudience = null;
            parameters.AudienceValidator = null;
            parameters.ValidateAudience = true;
            parameters.ValidAudiences = [.. new[] { resource.OriginalString, resource.AbsoluteUri }.Distinct(StringComparer.Ordinal)];
            parameters.RequireSignedTokens = true;
            parameters.ValidateLifetime = true;
            parameters.RequireExpirationTime = true;
            parameters.ValidateIssuer = true;
        });
        services.AddAuthorizationBuilder().AddPolicy(AuthorizationPolicy, policy => policy.AddAuthenticationSchemes(BearerScheme).RequireAuthenticatedUser());

        services.AddMcpServer()
            .WithHttpTransport(transport =>
            {
                transport.Stateless = true;
                transport.ConfigureSessionOptions = (http, server, _) =>
                {
                    var app = options.App?.Invoke(http) ?? http.RequestServices.GetRequiredService<AlterApp>();
                    var scope = options.Scope?.Invoke(http);
                    server.ServeAlterTools(app, scope);
                    return Task.CompletedTask;
                };
            });
        return services;
    }

    /// <summary>
    /// Maps the MCP endpoint (streamable HTTP) at <paramref name="pattern"/>, behind <see cref="AuthorizationPolicy"/>.
    /// The protected resource metadata is served by the authentication middleware (at
    /// <c>/.well-known/oauth-protected-resource/&lt;path&gt;</c>), so the app must run it (<c>WebApplication</c> does).
    /// </summary>
    /// <param name="endpoints">The app's endpoints.</param>
    /// <param name="pattern">The endpoint's path.</param>
    /// <returns>The endpoint, for more conventions.</returns>
    public static IEndpointConventionBuilder MapAlterMcp(this IEndpointRouteBuilder endpoints, string pattern = "/mcp")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        return endpoints.MapMcp(pattern).RequireAuthorization(AuthorizationPolicy);
    }
}
