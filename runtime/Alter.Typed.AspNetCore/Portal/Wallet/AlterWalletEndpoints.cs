using Alter.Typed;
using Alter.Typed.AspNetCore;
using Alter.Typed.AspNetCore.Portal;
using Alter.Typed.AspNetCore.Portal.Wallet;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the end user's wallet: <c>app.MapAlterWallet("/wallet")</c>.</summary>
public static class AlterWalletEndpoints
{
    /// <summary>
    /// Maps the wallet under <paramref name="prefix"/>: the signed-in user sees the providers they connected (never a
    /// token) and the agents they delegated a connection to, connects more, and revokes either. Every endpoint requires an
    /// authenticated user and acts only on that user's own grants and delegations (the user is
    /// <see cref="AlterConnectOptions.PrincipalFromUser"/> of the request, as for Connect); a grant or delegation id of
    /// someone else is treated as one that does not exist. Form posts need their antiforgery token
    /// (<c>app.UseAntiforgery()</c>). Needs <c>services.AddAlter(...).AddAspNetCore()</c>, <c>services.AddAlterPortal()</c>
    /// and, for its Connect buttons, <c>app.MapAlterConnect(<paramref name="connectPrefix"/>)</c>.
    /// </summary>
    /// <param name="endpoints">The app.</param>
    /// <param name="prefix">The wallet's path, for example <c>/wallet</c>.</param>
    /// <param name="connectPrefix">Where <c>MapAlterConnect</c> is mapped (the Connect buttons start there).</param>
    /// <returns>The route group, to add the host's own authorization policy to.</returns>
    public static RouteGroupBuilder MapAlterWallet(this IEndpointRouteBuilder endpoints, string prefix = "/wallet", string connectPrefix = "/alter")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(prefix);
        ArgumentNullException.ThrowIfNull(connectPrefix);
        var routes = endpoints.ServiceProvider.GetService<PortalRoutes>()
            ?? throw new InvalidOperationException("MapAlterWallet needs services.AddAlterPortal() first.");
        routes.WalletPrefix = "/" + prefix.Trim('/');
        routes.ConnectPrefix = "/" + connectPrefix.Trim('/');

        var group = endpoints.MapGroup(routes.WalletPrefix);
        group.RequireAuthorization();
        group.WithMetadata(new RequireAntiforgeryTokenAttribute());
        group.WithTags(AlterPortalEndpoints.Tag);
        group.AddEndpointFilter(PortalFilters.RefuseWithoutAntiforgeryAndShowErrors);
        group.AddEndpointFilter(WalletEndpoints.RequireUser);
        group.MapGet("/wallet.css", PortalAssets.Stylesheet);
        WalletEndpoints.Map(group);
        return group;
    }
}
