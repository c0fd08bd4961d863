using Alter.Typed.AspNetCore.Portal.Components.Pages;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;

namespace Alter.Typed.AspNetCore.Portal.Endpoints;

/// <summary>The model of <see cref="UsersPage"/>: the principals that own grants in the app (users, agents, the app itself).</summary>
internal sealed record UsersModel(IReadOnlyList<OwnerInfo> Owners);

/// <summary>An app's users: <c>GET users</c> (<see cref="AlterUsers.List"/>, as <c>alter users list</c>); each links to its grants.</summary>
internal static class UsersEndpoints
{
    public static void Map(RouteGroupBuilder app)
        => app.MapGet("/users", async (PortalRequest portal) =>
        {
            await using var opened = portal.OpenApp();
            return portal.Page<UsersPage>("Users", "users", new UsersModel(opened.Users.List()));
        });
}
