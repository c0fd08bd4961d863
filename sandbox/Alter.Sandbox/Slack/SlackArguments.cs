using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Alter.Sandbox.Slack;

/// <summary>A Slack method's arguments, from the query string and a form-encoded or JSON body, as Slack reads them.</summary>
internal sealed class SlackArguments
{
    private readonly Dictionary<string, string> _values;

    private SlackArguments(Dictionary<string, string> values, bool invalidJson)
    {
        _values = values;
        InvalidJson = invalidJson;
    }

    /// <summary>The body was declared JSON but is not a JSON object.</summary>
    public bool InvalidJson { get; }

    /// <summary>The argument's value (raw JSON text for non-string JSON values), or null when absent or empty.</summary>
    public string? Get(string name) => _values.TryGetValue(name, out var value) && value.Length > 0 ? value : null;

    public bool IsTrue(string name) => Get(name) is "true" or "1";

    public static async Task<SlackArguments> ReadAsync(HttpRequest request)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in request.Query) values[key] = value.ToString();

        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(request.HttpContext.RequestAborted);
            foreach (var (key, value) in form) values[key] = value.ToString();
        }
        else if (request.HasJsonContentType())
        {
            try
            {
                using var document = await JsonDocument.ParseAsync(request.Body, cancellationToken: request.HttpContext.RequestAborted);
                if (document.RootElement.ValueKind != JsonValueKind.Object) return new SlackArguments(values, invalidJson: true);
                foreach (var property in document.RootElement.EnumerateObject())
                {
                    values[property.Name] = property.Value.ValueKind switch
                    {
                        JsonValueKind.String => property.Value.GetString() ?? "",
                        JsonValueKind.Null => "",
                        _ => property.Value.GetRawText(),
                    };
                }
            }
            catch (JsonException)
            {
                return new SlackArguments(values, invalidJson: true);
            }
        }

        return new SlackArguments(values, invalidJson: false);
    }
}
