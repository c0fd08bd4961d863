using Alter.Typed.AspNetCore.Portal.Components.Pages;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Alter.Typed.AspNetCore.Portal.Wallet;

/// <summary>One connection of the signed-in user (never its tokens), and the agents it is delegated to.</summary>
internal sealed record WalletConnection(GrantInfo Grant, IReadOnlyList<WalletDelegation> Delegations);

/// <summary>A delegation the user made: the agent's name, and whether it is still in force.</summary>
internal sealed record WalletDelegation(Delegation Delegation, string AgentName, string Status);

/// <summary>The model of <see cref="WalletPage"/>.</summary>
internal sealed record WalletModel(Principal User, IReadOnlyList<WalletConnection> Connections, IReadOnlyList<WalletDelegation> Delegations,
    IReadOnlyList<string> Connectable);

/// <summary>
/// The wallet's endpoints: <c>GET /</c> (the user's connections and delegations), <c>POST grants/{grant}/revoke</c>,
/// <c>POST delegations/{delegation}/revoke</c>. Only the host's own app (its DI <see cref="AlterApp"/>), only the signed-in user's own things.
/// </summary>
internal static class WalletEndpoints
{
    /// <summary>The principal the group's filter resolved for the request.</summary>
    private const string UserItem = "alter.wallet.user";

    public static void Map(RouteGroupBuilder wallet)
    {
        wallet.MapGet("/", (PortalRequest portal, AlterApp app, HttpContext http) =>
        {
            var user = User(http);
            var now = portal.Store.AlterOptions.TimeProvider.GetUtcNow();
            var agents = app.Agents.List().ToDictionary(a => a.Id, a => a.Name, StringComparer.Ordinal);
            var delegations = app.Delegations.List(user)
                .Select(d => new WalletDelegation(d, agents.GetValueOrDefault(d.AgentId, d.AgentId), d.StatusAt(now)))
                .OrderBy(d => d.Status != "active").ThenByDescending(d => d.Delegation.CreatedAt).ToList();
            var grants = app.Users.Show(user);
            var connections = grants.Select(g => new WalletConnection(g, [.. delegations.Where(d => d.Delegation.GrantId == g.Id && d.Status == "active")])).ToList();
            var connectable = app.Providers.Where(p => p.Auth.Kind == AuthKind.OAuth2).Select(p => p.Id).Order(StringComparer.Ordinal).ToList();
            return portal.Page<WalletPage>("Your connections", "wallet", new WalletModel(user, connections, delegations, connectable));
        });

        wallet.MapPost("/grants/{grant}/revoke", async (PortalRequest portal, AlterApp app, HttpContext http, string grant, CancellationToken cancellationToken) =>
        {
            // Another user's grant id is "no such grant" (the user's own list is the only place ids come from).
            if (!await app.Users.RevokeGrant(User(http), grant, cancellationToken).ConfigureAwait(false))
                throw new AlterException("You have no such connection (it may have been revoked already).");
            return portal.Done(portal.WalletUrl("/"), "connection-revoked");
        });

        wallet.MapPost("/delegations/{delegation}/revoke", (PortalRequest portal, AlterApp app, HttpContext http, string delegation) =>
        {
            var user = User(http);
            if (!app.Delegations.Revoke(user, delegation))
                throw new AlterException("You have no such delegation (it may have been revoked already).");
            app.AuditLog.Write(new AuditRecord(portal.Store.AlterOptions.TimeProvider.GetUtcNow(), "wallet:" + user.Subject, user.Key, "alter",
                "wallet.delegations.revoke", null, "POST", "local", 0, "ok", 0, false) { DelegationId = delegation });
            return portal.Done(portal.WalletUrl("/"), "delegation-revoked");
        });
    }

    /// <summary>The group's filter: the request's user as Connect resolves it; without one the wallet answers 401 (never a "default" user).</summary>
    public static async ValueTask<object?> RequireUser(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var options = http.RequestServices.GetRequiredService<IOptions<AlterConnectOptions>>().Value;
        if (options.PrincipalFromUser(http.User) is not { Kind: PrincipalKind.User } user)
            return TypedResults.Problem("Sign in as a user to see your connections.", statusCode: StatusCodes.Status401Unauthorized);
        http.Items[UserItem] = user;
        return await next(context).ConfigureAwait(false);
    }

    private static Principal User(HttpContext http) => (Principal)http.Items[UserItem]!;
}
