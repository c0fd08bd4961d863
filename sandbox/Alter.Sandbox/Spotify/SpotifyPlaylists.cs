using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Alter.Sandbox.Spotify;

/// <summary>
/// <c>GET v1/me/playlists</c>: the listener's playlists as Spotify pages them, by <c>offset</c> and <c>limit</c> (default
/// 20, at most 50), with <c>total</c>, <c>next</c> and <c>previous</c> (URLs on Spotify's own host, null at the ends).
/// </summary>
internal static class SpotifyPlaylists
{
    private const string Api = "https://api.spotify.com/v1/";

    private static readonly (string Id, string Name, int Tracks)[] Playlists =
    [
        ("37i9dQZF1DXcBWIGoYBM5M", "Morning focus", 42),
        ("3cEYpjA9oz9GiPac4AsH4n", "Engine room", 17),
        ("1h0CEZCm6IbFTbxThn6Xcs", "Difference engine demos", 8),
        ("6UeSakyzhiEt4NB3UAd6NQ", "Analytical jazz", 63),
        ("4rOoJ6Egrf8K2IrywzwOMk", "Road trip", 25),
    ];

    public static IResult List(HttpRequest request)
    {
        var limit = request.Query["limit"].ToString() is { Length: > 0 } l ? int.TryParse(l, CultureInfo.InvariantCulture, out var n) ? n : -1 : 20;
        var offset = request.Query["offset"].ToString() is { Length: > 0 } o ? int.TryParse(o, CultureInfo.InvariantCulture, out var m) ? m : -1 : 0;
        if (limit is < 1 or > 50) return Error("Invalid limit");
        if (offset is < 0 or > 100_000) return Error("Invalid offset");

        var page = Playlists.Skip(offset).Take(limit).Select(p => (JsonNode)Playlist(p.Id, p.Name, p.Tracks)).ToArray();
        return SandboxJson.Result(new JsonObject
        {
            ["href"] = Url(offset, limit),
            ["limit"] = limit,
            ["next"] = offset + limit < Playlists.Length ? Url(offset + limit, limit) : null,
            ["offset"] = offset,
            ["previous"] = offset > 0 ? Url(Math.Max(0, offset - limit), limit) : null,
            ["total"] = Playlists.Length,
            ["items"] = new JsonArray(page),
        });
    }

    private static string Url(int offset, int limit)
        => Api + "me/playlists?offset=" + offset.ToString(CultureInfo.InvariantCulture) + "&limit=" + limit.ToString(CultureInfo.InvariantCulture);

    private static IResult Error(string message)
        => SandboxJson.Result(new JsonObject { ["error"] = new JsonObject { ["status"] = 400, ["message"] = message } }, StatusCodes.Status400BadRequest);

    private static JsonObject Playlist(string id, string name, int tracks) => new()
    {
        ["collaborative"] = false,
        ["description"] = "",
        ["external_urls"] = new JsonObject { ["spotify"] = "https://open.spotify.com/playlist/" + id },
        ["href"] = Api + "playlists/" + id,
        ["id"] = id,
        ["images"] = new JsonArray(),
        ["name"] = name,
        ["owner"] = new JsonObject
        {
            ["external_urls"] = new JsonObject { ["spotify"] = "https://open.spotify.com/user/" + SpotifyApiEndpoints.UserId },
            ["href"] = Api + "users/" + SpotifyApiEndpoints.UserId,
            ["id"] = SpotifyApiEndpoints.UserId,
            ["type"] = "user",
            ["uri"] = "spotify:user:" + SpotifyApiEndpoints.UserId,
            ["display_name"] = "Sandbox Listener",
        },
        ["public"] = true,
        ["snapshot_id"] = "AAAAB8C1" + id[..8],
        ["tracks"] = new JsonObject { ["href"] = Api + "playlists/" + id + "/tracks", ["total"] = tracks },
        ["type"] = "playlist",
        ["uri"] = "spotify:playlist:" + id,
    };
}
