using System.Globalization;
using System.Text.Json.Nodes;

namespace Alter.Sandbox.HubSpot;

/// <summary>One CRM record: its id, property values (all strings, as HubSpot stores them) and timestamps.</summary>
internal sealed class HubSpotObject(string id, DateTimeOffset createdAt, Dictionary<string, string?> properties)
{
    public string Id { get; } = id;
    public DateTimeOffset CreatedAt { get; } = createdAt;
    public DateTimeOffset UpdatedAt { get; set; } = createdAt;
    public Dictionary<string, string?> Properties { get; } = properties;

    /// <summary>HubSpot's SimplePublicObject: the requested properties only (null when the record has no value), then the timestamps.</summary>
    public JsonObject ToJson(IEnumerable<string> propertyNames)
    {
        var properties = new JsonObject();
        foreach (var name in propertyNames.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            properties[name] = name switch
            {
                "hs_object_id" => Id,
                "createdate" => Stamp(CreatedAt),
                "lastmodifieddate" or "hs_lastmodifieddate" => Stamp(UpdatedAt),
                _ => Properties.GetValueOrDefault(name),
            };
        }

        return new JsonObject
        {
            ["id"] = Id,
            ["properties"] = properties,
            ["createdAt"] = Stamp(CreatedAt),
            ["updatedAt"] = Stamp(UpdatedAt),
            ["archived"] = false,
        };
    }

    /// <summary>HubSpot's timestamps carry milliseconds: <c>2019-10-30T03:30:17.883Z</c>.</summary>
    public static string Stamp(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}

/// <summary>The sandbox portal's CRM: two contacts to start with (more can be created), one company, one deal. Thread-safe.</summary>
internal sealed class HubSpotCrm
{
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly List<HubSpotObject> _contacts;
    private long _nextId = 151;

    public HubSpotCrm(TimeProvider time)
    {
        _time = time;
        var created = new DateTimeOffset(2024, 3, 5, 9, 41, 12, 883, TimeSpan.Zero);
        _contacts =
        [
            new("101", created, new() { ["email"] = "bcooper@biglytics.net", ["firstname"] = "Bryan", ["lastname"] = "Cooper", ["phone"] = "(877) 929-0687", ["company"] = "Biglytics" }),
            new("102", created.AddDays(2), new() { ["email"] = "ada@example.com", ["firstname"] = "Ada", ["lastname"] = "Lovelace", ["phone"] = null, ["company"] = "Analytical Engines" }),
        ];
        Companies = [new("5001", created, new() { ["name"] = "Biglytics", ["domain"] = "biglytics.net", ["industry"] = "COMPUTER_SOFTWARE" })];
        Deals = [new("9001", created, new() { ["dealname"] = "Biglytics renewal", ["amount"] = "15000", ["dealstage"] = "contractsent", ["pipeline"] = "default", ["closedate"] = "2024-06-30T00:00:00Z" })];
    }

    public IReadOnlyList<HubSpotObject> Companies { get; }
    public IReadOnlyList<HubSpotObject> Deals { get; }

    public IReadOnlyList<HubSpotObject> Contacts()
    {
        lock (_gate) return [.. _contacts];
    }

    /// <summary>By id, or by the value of a unique property (<c>idProperty=email</c>).</summary>
    public HubSpotObject? FindContact(string id, string? idProperty)
    {
        lock (_gate) return FindLocked(id, idProperty);
    }

    public HubSpotObject CreateContact(Dictionary<string, string?> properties)
    {
        lock (_gate)
        {
            var contact = new HubSpotObject((_nextId++).ToString(CultureInfo.InvariantCulture), _time.GetUtcNow(), new(properties, StringComparer.Ordinal));
            _contacts.Add(contact);
            return contact;
        }
    }

    /// <summary>HubSpot's PATCH: given values overwrite, an empty string clears.</summary>
    public HubSpotObject? UpdateContact(string id, string? idProperty, Dictionary<string, string?> properties)
    {
        lock (_gate)
        {
            if (FindLocked(id, idProperty) is not { } contact) return null;
            foreach (var (name, value) in properties) contact.Properties[name] = string.IsNullOrEmpty(value) ? null : value;
            contact.UpdatedAt = _time.GetUtcNow();
            return contact;
        }
    }

    private HubSpotObject? FindLocked(string id, string? idProperty) =>
        string.IsNullOrEmpty(idProperty) || idProperty == "hs_object_id"
            ? _contacts.Find(c => c.Id == id)
            : _contacts.Find(c => string.Equals(c.Properties.GetValueOrDefault(idProperty), id, StringComparison.OrdinalIgnoreCase));
}
