using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Alter.Sandbox.Google;

/// <summary>
/// A slice of Drive v3: <c>about</c> (the <c>fields</c> parameter is required, as on Drive) and <c>files</c> (list: by
/// default each file has kind, id, name and mimeType; <c>fields</c> selects top-level fields; create with metadata
/// only, answering the new file in the same default fields), with Google's 401 bodies.
/// </summary>
internal sealed class GoogleDriveApiEndpoints(SandboxContext sandbox)
{
    public const string EmailAddress = "ada@example.com";

    private static readonly (string Id, string Name, string MimeType)[] Files =
    [
        ("1Zq3x8YbVw2N4pLm5Ks7Ht9Gf0Ed1Cb", "Projects", "application/vnd.google-apps.folder"),
        ("1aB2cD3eF4gH5iJ6kL7mN8oP9qR0sT1uVwXyZ0123456", "Quarterly report", "application/vnd.google-apps.document"),
        ("1Yx9Wv8Ut7Sr6Qp5On4Ml3Kj2Ih1Gf0Ed", "photo.jpg", "image/jpeg"),
    ];

    public void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("google-drive/api/drive/v3/about", (HttpRequest request) => Authenticate(request) ?? About(request));
        app.MapGet("google-drive/api/drive/v3/files", (HttpRequest request) => Authenticate(request) ?? ListFiles(request));
        app.MapPost("google-drive/api/drive/v3/files", async (HttpRequest request) => Authenticate(request) ?? await CreateAsync(request));
        app.Map("google-drive/api/drive/v3/{**path}", (HttpRequest request) => Authenticate(request) ?? GoogleApiErrors.NotFound(request.Path));
    }

    private IResult? Authenticate(HttpRequest request) => GoogleApiErrors.Authenticate(request, sandbox.Tokens, GoogleDriveEmulation.ProviderId);

    private static IResult About(HttpRequest request)
    {
        string fields = request.Query["fields"].ToString();
        if (fields.Length == 0)
        {
            const string message = "The 'fields' parameter is required for this method.";
            return GoogleApiErrors.Error(StatusCodes.Status400BadRequest, message, "INVALID_ARGUMENT",
                new JsonObject { ["message"] = message, ["domain"] = "global", ["reason"] = "required", ["location"] = "fields", ["locationType"] = "parameter" });
        }

        var about = new JsonObject
        {
            ["kind"] = "drive#about",
            ["user"] = new JsonObject
            {
                ["kind"] = "drive#user",
                ["displayName"] = "Ada Lovelace",
                ["photoLink"] = "https://lh3.googleusercontent.com/a/default-user=s64",
                ["me"] = true,
                ["permissionId"] = "04512378963051846752",
                ["emailAddress"] = EmailAddress,
            },
            // int64 values: JSON strings, as Drive sends them.
            ["storageQuota"] = new JsonObject
            {
                ["limit"] = "16106127360",
                ["usage"] = "5368709120",
                ["usageInDrive"] = "3221225472",
                ["usageInDriveTrash"] = "104857600",
            },
            ["maxUploadSize"] = "5242880000000",
        };
        return SandboxJson.Result(GoogleApiErrors.Select(about, fields));
    }

    private static IResult ListFiles(HttpRequest request)
    {
        int size = int.TryParse(request.Query["pageSize"], out int s) && s > 0 ? Math.Min(s, 1000) : 100;
        int start = int.TryParse(request.Query["pageToken"], out int p) && p >= 0 ? p : 0;
        var page = Files.Skip(start).Take(size).ToList();
        var body = new JsonObject { ["kind"] = "drive#fileList" };
        if (start + page.Count < Files.Length) body["nextPageToken"] = (start + page.Count).ToString(System.Globalization.CultureInfo.InvariantCulture);
        body["incompleteSearch"] = false;
        body["files"] = new JsonArray(page.Select(f => (JsonNode)new JsonObject
        {
            ["kind"] = "drive#file",
            ["mimeType"] = f.MimeType,
            ["id"] = f.Id,
            ["name"] = f.Name,
        }).ToArray());
        return SandboxJson.Result(GoogleApiErrors.Select(body, request.Query["fields"]));
    }

    /// <summary>files.create with a metadata-only JSON body: an untitled file without a name, <c>application/octet-stream</c> without a type.</summary>
    private static async Task<IResult> CreateAsync(HttpRequest request)
    {
        JsonObject? metadata = null;
        if (request.ContentLength is > 0 || request.Headers.TransferEncoding.Count > 0)
        {
            try
            {
                metadata = await JsonNode.ParseAsync(request.Body, cancellationToken: request.HttpContext.RequestAborted) as JsonObject;
            }
            catch (System.Text.Json.JsonException)
            {
                return GoogleApiErrors.Error(StatusCodes.Status400BadRequest, "Invalid JSON payload received.", "INVALID_ARGUMENT",
                    new JsonObject { ["message"] = "Invalid JSON payload received.", ["domain"] = "global", ["reason"] = "parseError" });
            }
        }

        string? Text(string name) => metadata?[name] is JsonValue v && v.TryGetValue(out string? text) ? text : null;
        var file = new JsonObject
        {
            ["kind"] = "drive#file",
            ["id"] = "1" + Alter.Sandbox.OAuth.TokenGenerator.Alphanumeric(32),
            ["name"] = Text("name") ?? "Untitled",
            ["mimeType"] = Text("mimeType") ?? "application/octet-stream",
        };
        return SandboxJson.Result(GoogleApiErrors.Select(file, request.Query["fields"]));
    }
}
