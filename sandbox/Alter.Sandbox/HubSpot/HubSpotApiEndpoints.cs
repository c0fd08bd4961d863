using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Alter.Sandbox.OAuth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Alter.Sandbox.HubSpot;

/// <summary>
/// A slice of HubSpot's CRM v3 objects API: contacts (list, read, create, update, search), companies and deals (list),
/// with HubSpot's 401 bodies: <c>INVALID_AUTHENTICATION</c> for a missing or unknown token, <c>EXPIRED_AUTHENTICATION</c>
/// for an expired one.
/// </summary>
internal sealed class HubSpotApiEndpoints(SandboxContext sandbox)
{
    private const string Prefix = "hubspot/api/crm/v3/objects/";

    private static readonly string[] ContactDefaults = ["createdate", "email", "firstname", "hs_object_id", "lastmodifieddate", "lastname"];
    private static readonly string[] SearchDefaults = ["createdate", "hs_object_id", "lastmodifieddate"];

    private readonly HubSpotCrm _crm = new(sandbox.Time);

    public void Map(IEndpointRouteBuilder app)
    {
        app.MapGet(Prefix + "contacts", (HttpRequest request) => Authenticate(request) ?? Page(request, _crm.Contacts(), ContactDefaults));
        app.MapPost(Prefix + "contacts", CreateContactAsync);
        app.MapPost(Prefix + "contacts/search", SearchContactsAsync);
        app.MapGet(Prefix + "contacts/{contactId}", (HttpRequest request, string contactId) => Authenticate(request) ?? GetContact(request, contactId));
        app.MapPatch(Prefix + "contacts/{contactId}", UpdateContactAsync);
        app.MapGet(Prefix + "companies", (HttpRequest request) => Authenticate(request) ?? Page(request, _crm.Companies, ["createdate", "domain", "hs_lastmodifieddate", "hs_object_id", "name"]));
        app.MapGet(Prefix + "deals", (HttpRequest request) => Authenticate(request) ?? Page(request, _crm.Deals, ["amount", "closedate", "createdate", "dealname", "dealstage", "hs_lastmodifieddate", "hs_object_id", "pipeline"]));
        app.Map("hubspot/api/{**path}", (HttpRequest request) => Authenticate(request) ?? Error(StatusCodes.Status404NotFound, "OBJECT_NOT_FOUND", "resource not found"));
    }

    /// <summary>Null when the bearer token is good; else HubSpot's 401 body.</summary>
    private IResult? Authenticate(HttpRequest request)
    {
        var token = BearerToken.Read(request, allowTokenScheme: false);
        var status = token is null ? AccessTokenStatus.Unknown : sandbox.Tokens.Check(HubSpotEmulation.ProviderId, token);
        return status switch
        {
            AccessTokenStatus.Valid => null,
            AccessTokenStatus.Expired => Expired(sandbox.Time.GetUtcNow().AddMinutes(-5)),
            _ => Error(StatusCodes.Status401Unauthorized, "INVALID_AUTHENTICATION",
                "Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview"),
        };
    }

    /// <summary>
    /// HubSpot's 401 for an expired token, with the <c>context</c> HubSpot adds:
    /// <c>{"status":"error","message":"The OAuth token used to make this call expired 5 minute(s) ago.","correlationId":...,"category":"EXPIRED_AUTHENTICATION","context":{"expire time":["2026-03-10T23:04:41.164Z"]}}</c>.
    /// </summary>
    private static IResult Expired(DateTimeOffset expiredAt) => SandboxJson.Result(new JsonObject
    {
        ["status"] = "error",
        ["message"] = "The OAuth token used to make this call expired 5 minute(s) ago.",
        ["correlationId"] = Guid.NewGuid().ToString("D"),
        ["category"] = "EXPIRED_AUTHENTICATION",
        ["context"] = new JsonObject
        {
            ["expire time"] = new JsonArray(expiredAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture)),
        },
    }, StatusCodes.Status401Unauthorized);

    /// <summary>HubSpot's error object: <c>{"status":"error","message":...,"correlationId":...,"category":...}</c>.</summary>
    public static IResult Error(int status, string category, string message) => SandboxJson.Result(new JsonObject
    {
        ["status"] = "error",
        ["message"] = message,
        ["correlationId"] = Guid.NewGuid().ToString("D"),
        ["category"] = category,
    }, status);

    private static IResult Page(HttpRequest request, IReadOnlyList<HubSpotObject> objects, string[] defaults)
    {
        var limit = int.TryParse(request.Query["limit"], CultureInfo.InvariantCulture, out var l) ? Math.Clamp(l, 1, 100) : 10;
        var offset = int.TryParse(request.Query["after"], CultureInfo.InvariantCulture, out var a) && a >= 0 ? a : 0;
        var properties = RequestedProperties(request.Query["properties"].ToString(), defaults);
        var page = objects.Skip(offset).Take(limit).ToList();

        var body = new JsonObject { ["results"] = new JsonArray([.. page.Select(o => o.ToJson(properties))]) };
        if (offset + page.Count < objects.Count) body["paging"] = Paging(offset + page.Count, request.Path + "?after=");
        return SandboxJson.Result(body);
    }

    private IResult GetContact(HttpRequest request, string contactId)
    {
        var contact = _crm.FindContact(contactId, request.Query["idProperty"].ToString());
        return contact is null
            ? Error(StatusCodes.Status404NotFound, "OBJECT_NOT_FOUND", "resource not found")
            : SandboxJson.Result(contact.ToJson(RequestedProperties(request.Query["properties"].ToString(), ContactDefaults)));
    }

    private async Task<IResult> CreateContactAsync(HttpRequest request)
    {
        if (Authenticate(request) is { } denied) return denied;
        if (await ReadPropertiesAsync(request) is not { } properties) return InvalidBody();
        if (properties.TryGetValue("email", out var email) && email is not null && _crm.FindContact(email, "email") is { } existing)
        {
            return Error(StatusCodes.Status409Conflict, "CONFLICT", $"Contact already exists. Existing ID: {existing.Id}");
        }

        var contact = _crm.CreateContact(properties);
        return SandboxJson.Result(contact.ToJson([.. properties.Keys, .. SearchDefaults]), StatusCodes.Status201Created);
    }

    private async Task<IResult> UpdateContactAsync(HttpRequest request, string contactId)
    {
        if (Authenticate(request) is { } denied) return denied;
        if (await ReadPropertiesAsync(request) is not { } properties) return InvalidBody();
        var contact = _crm.UpdateContact(contactId, request.Query["idProperty"].ToString(), properties);
        return contact is null
            ? Error(StatusCodes.Status404NotFound, "OBJECT_NOT_FOUND", "resource not found")
            : SandboxJson.Result(contact.ToJson([.. properties.Keys, .. SearchDefaults]));
    }

    private async Task<IResult> SearchContactsAsync(HttpRequest request)
    {
        if (Authenticate(request) is { } denied) return denied;
        JsonObject? search;
        try { search = await JsonNode.ParseAsync(request.Body, cancellationToken: request.HttpContext.RequestAborted) as JsonObject; }
        catch (JsonException) { search = null; }
        if (search is null) return InvalidBody();

        var query = search["query"]?.GetValue<string>();
        var groups = search["filterGroups"] as JsonArray ?? [];
        var matches = _crm.Contacts().Where(c => MatchesQuery(c, query) && (groups.Count == 0 || groups.Any(g => MatchesGroup(c, g)))).ToList();

        var limit = search["limit"] is JsonValue lv && lv.TryGetValue<int>(out var l) ? Math.Clamp(l, 1, 200) : 10;
        var offset = search["after"] is JsonValue av && int.TryParse(av.ToString(), CultureInfo.InvariantCulture, out var a) && a >= 0 ? a : 0;
        var requested = (search["properties"] as JsonArray)?.Select(p => p?.GetValue<string>()).OfType<string>().ToArray() ?? [];
        var properties = requested.Length == 0 ? SearchDefaults : [.. requested, .. SearchDefaults];
        var page = matches.Skip(offset).Take(limit).ToList();

        var body = new JsonObject
        {
            ["total"] = matches.Count,
            ["results"] = new JsonArray([.. page.Select(c => c.ToJson(properties))]),
        };
        if (offset + page.Count < matches.Count) body["paging"] = Paging(offset + page.Count, null);
        return SandboxJson.Result(body);
    }

    private static bool MatchesQuery(HubSpotObject contact, string? query) =>
        string.IsNullOrWhiteSpace(query)
        || new[] { "firstname", "lastname", "email", "phone", "company" }.Any(p =>
            contact.Properties.GetValueOrDefault(p)?.Contains(query, StringComparison.OrdinalIgnoreCase) == true);

    private static bool MatchesGroup(HubSpotObject contact, JsonNode? group) =>
        (group?["filters"] as JsonArray ?? []).All(filter =>
        {
            var value = contact.Properties.GetValueOrDefault(filter?["propertyName"]?.GetValue<string>() ?? "");
            var wanted = filter?["value"]?.ToString();
            return filter?["operator"]?.GetValue<string>() switch
            {
                "EQ" => string.Equals(value, wanted, StringComparison.OrdinalIgnoreCase),
                "NEQ" => !string.Equals(value, wanted, StringComparison.OrdinalIgnoreCase),
                "HAS_PROPERTY" => !string.IsNullOrEmpty(value),
                "NOT_HAS_PROPERTY" => string.IsNullOrEmpty(value),
                "CONTAINS_TOKEN" => wanted is not null && value?.Contains(wanted.Trim('*'), StringComparison.OrdinalIgnoreCase) == true,
                _ => false,
            };
        });

    private static async Task<Dictionary<string, string?>?> ReadPropertiesAsync(HttpRequest request)
    {
        try
        {
            if (await JsonNode.ParseAsync(request.Body, cancellationToken: request.HttpContext.RequestAborted) is not JsonObject body
                || body["properties"] is not JsonObject properties)
            {
                return null;
            }

            return properties.ToDictionary(p => p.Key, p => p.Value?.ToString(), StringComparer.Ordinal);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static IResult InvalidBody() =>
        Error(StatusCodes.Status400BadRequest, "VALIDATION_ERROR", "Invalid input JSON on line 1, column 1: Cannot build SimplePublicObjectInput, some of required attributes are not set [properties]");

    private static JsonObject Paging(int after, string? linkBase)
    {
        var next = new JsonObject { ["after"] = after.ToString(CultureInfo.InvariantCulture) };
        if (linkBase is not null) next["link"] = $"https://api.hubapi.com{linkBase.Replace("/hubspot/api", "", StringComparison.Ordinal)}{after}";
        return new JsonObject { ["next"] = next };
    }

    /// <summary>The requested properties plus the ones HubSpot always returns (creation, modification date and id), or the type's defaults.</summary>
    private static string[] RequestedProperties(string requested, string[] defaults)
    {
        var names = requested.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var modified = defaults.Contains("lastmodifieddate") ? "lastmodifieddate" : "hs_lastmodifieddate";
        return names.Length == 0 ? defaults : [.. names, "createdate", "hs_object_id", modified];
    }
}
