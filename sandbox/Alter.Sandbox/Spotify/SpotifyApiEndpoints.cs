using System.Text.Json.Nodes;
using Alter.Sandbox.OAuth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Alter.Sandbox.Spotify;

/// <summary>A slice of the Spotify Web API: <c>GET v1/me</c>, <c>GET v1/me/playlists</c> (offset pages), with Spotify's 401 bodies for missing, invalid and expired tokens.</summary>
internal sealed class SpotifyApiEndpoints(SandboxContext sandbox)
{
    public const string UserId = "sandboxuser";

    public void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("spotify/v1/me", (HttpRequest request) => Authenticate(request) ?? SandboxJson.Result(CurrentUser()));
        app.MapGet("spotify/v1/me/playlists", (HttpRequest request) => Authenticate(request) ?? SpotifyPlaylists.List(request));
        app.Map("spotify/v1/{**path}", (HttpRequest request) => Authenticate(request) ?? Error(StatusCodes.Status404NotFound, "Service not found"));
    }

    private IResult? Authenticate(HttpRequest request)
    {
        var token = BearerToken.Read(request, allowTokenScheme: false);
        if (token is null) return Error(StatusCodes.Status401Unauthorized, "No token provided");
        return sandbox.Tokens.Check(SandboxProviders.Spotify, token) switch
        {
            AccessTokenStatus.Valid => null,
            AccessTokenStatus.Expired => Error(StatusCodes.Status401Unauthorized, "The access token expired"),
            _ => Error(StatusCodes.Status401Unauthorized, "Invalid access token"),
        };
    }

    /// <summary>Spotify's regular error object: <c>{"error": {"status": ..., "message": ...}}</c>.</summary>
    private static IResult Error(int status, string message) =>
        SandboxJson.Result(new JsonObject { ["error"] = new JsonObject { ["status"] = status, ["message"] = message } }, status);

    private static JsonObject CurrentUser() => new()
    {
        ["country"] = "SE",
        ["display_name"] = "Sandbox Listener",
        ["email"] = "listener@example.com",
        ["explicit_content"] = new JsonObject { ["filter_enabled"] = false, ["filter_locked"] = false },
        ["external_urls"] = new JsonObject { ["spotify"] = $"https://open.spotify.com/user/{UserId}" },
        ["followers"] = new JsonObject { ["href"] = null, ["total"] = 7 },
        ["href"] = $"https://api.spotify.com/v1/users/{UserId}",
        ["id"] = UserId,
        ["images"] = new JsonArray(),
        ["product"] = "premium",
        ["type"] = "user",
        ["uri"] = $"spotify:user:{UserId}",
    };
}
