using System.Text.Json.Nodes;
using Alter.Sandbox.OAuth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Alter.Sandbox.Discord;

/// <summary>A slice of the Discord HTTP API v10: <c>GET users/@me</c> and <c>GET users/@me/guilds</c>, with Discord's 401 body.</summary>
internal sealed class DiscordApiEndpoints(SandboxContext sandbox)
{
    public const string UserId = "80351110224678912";

    public void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("discord/api/v10/users/@me", (HttpRequest request) => Authenticate(request) ?? SandboxJson.Result(CurrentUser()));
        app.MapGet("discord/api/v10/users/@me/guilds", (HttpRequest request) => Authenticate(request) ?? SandboxJson.Result(new JsonArray(Guild())));
        app.Map("discord/api/v10/{**path}", (HttpRequest request) => Authenticate(request)
            ?? SandboxJson.Result(new JsonObject { ["message"] = "404: Not Found", ["code"] = 0 }, StatusCodes.Status404NotFound));
    }

    /// <summary>Null when the bearer token is good; else Discord's <c>{"message": "401: Unauthorized", "code": 0}</c>.</summary>
    private IResult? Authenticate(HttpRequest request)
    {
        var token = BearerToken.Read(request, allowTokenScheme: false);
        return token is not null && sandbox.Tokens.Check(SandboxProviders.Discord, token) == AccessTokenStatus.Valid
            ? null
            : SandboxJson.Result(new JsonObject { ["message"] = "401: Unauthorized", ["code"] = 0 }, StatusCodes.Status401Unauthorized);
    }

    private static JsonObject CurrentUser() => new()
    {
        ["id"] = UserId,
        ["username"] = "nelly",
        ["avatar"] = "8342729096ea3675442027381ff50dfe",
        ["discriminator"] = "0",
        ["public_flags"] = 0,
        ["flags"] = 0,
        ["banner"] = null,
        ["accent_color"] = null,
        ["global_name"] = "Nelly",
        ["avatar_decoration_data"] = null,
        ["collectibles"] = null,
        ["banner_color"] = null,
        ["clan"] = null,
        ["primary_guild"] = null,
        ["mfa_enabled"] = true,
        ["locale"] = "en-US",
        ["premium_type"] = 0,
        ["email"] = "nelly@example.com",
        ["verified"] = true,
    };

    private static JsonObject Guild() => new()
    {
        ["id"] = "197038439483310086",
        ["name"] = "Sandbox Guild",
        ["icon"] = null,
        ["banner"] = null,
        ["owner"] = true,
        ["permissions"] = "2251799813685247",
        ["features"] = new JsonArray("COMMUNITY"),
    };
}
