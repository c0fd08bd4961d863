using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.AI;

namespace Alter.Typed.AI;

/// <summary>
/// One typed operation as an <see cref="AIFunction"/>: its arguments are the operation's path parameters and its
/// request object's properties (flat; under <c>request</c> when a property shares a path parameter's name), nothing
/// else. Invoking it is a typed call through the app's pipeline, under the tool's scope, with the tool's name audited.
/// </summary>
internal sealed partial class OperationFunction : AIFunction
{
    private const string NestedRequest = "request";

    private readonly AlterApp _app;
    private readonly ProviderDescriptor _provider;
    private readonly OperationDescriptor _operation;
    private readonly ToolScope _scope;
    private readonly string[] _pathNames;
    private readonly (string Name, string Kind)[] _query;
    private readonly HashSet<string> _known;
    private readonly bool _nested;

    public OperationFunction(AlterApp app, ProviderDescriptor provider, OperationDescriptor operation, ToolScope scope, string name)
    {
        (_app, _provider, _operation, _scope, Name) = (app, provider, operation, scope, name);
        Description = (string.IsNullOrWhiteSpace(operation.Summary) ? "Calls " + operation.Id + "." : operation.Summary.Trim())
            + " (" + provider.Name + " " + operation.Id + ": " + operation.Method.Method + " " + operation.PathTemplate + ")";
        _pathNames = [.. PathParameter().Matches(operation.PathTemplate).Select(m => m.Groups[1].Value).Distinct(StringComparer.Ordinal)];
        (JsonSchema, _known, _nested, _query) = BuildSchema(app, provider, operation, _pathNames);
    }

    /// <inheritdoc/>
    public override string Name { get; }

    /// <inheritdoc/>
    public override string Description { get; }

    /// <inheritdoc/>
    public override JsonElement JsonSchema { get; }

    /// <summary>The operation's policy id (<c>slack:chat.postMessage</c>).</summary>
    public string PolicyId => _operation.PolicyId;

    /// <inheritdoc/>
    protected override async ValueTask<object?> InvokeCoreAsync(AIFunctionArguments arguments, CancellationToken cancellationToken)
    {
        using var document = ToJson(arguments);
        var root = document.RootElement;
        // Only the operation's own arguments: anything else (a grant_id, a user_id a prompt slipped in) is refused, not ignored.
        foreach (var property in root.EnumerateObject())
        {
            if (!_known.Contains(property.Name))
                throw new ArgumentException($"Tool {Name} has no argument '{property.Name}'.");
        }

        RequestArguments? path = null;
        foreach (var name in _pathNames)
        {
            if (!root.TryGetProperty(name, out var value) || value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
                throw new ArgumentException($"Tool {Name} needs the argument '{name}'.");
            var text = value.ValueKind switch
            {
                JsonValueKind.String => value.GetString()!,
                JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
                _ => throw new ArgumentException($"Tool {Name}: the argument '{name}' must be a string or a number."),
            };
            (path ??= new RequestArguments()).Path(name, text);
        }

        foreach (var (name, kind) in _query)
        {
            if (!root.TryGetProperty(name, out var value) || value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined) continue;
            path ??= new RequestArguments();
            if (value.ValueKind == JsonValueKind.Array)
            {
                var items = value.EnumerateArray().Select(Scalar).ToArray();
                if (kind == "csv") path.Query(name, string.Join(',', items));
                else path.QueryEach(name, items);
            }
            else path.Query(name, Scalar(value));
        }

        JsonElement? request = root;
        if (_nested) request = root.TryGetProperty(NestedRequest, out var nested) ? nested : null;
        string? grantId = null;
        _scope.Grants?.TryGetValue(_provider.Id, out grantId);
        var client = new ToolClient(_app, _provider, grantId, _scope.Principal, _scope.Delegation);
        var result = await _operation.Tool!.InvokeAsync(client, _operation, path, request, Name, cancellationToken).ConfigureAwait(false);
        return result;
    }

    /// <summary>A query value as text: a string as is, a number or boolean as its JSON text.</summary>
    private string Scalar(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
        _ => throw new ArgumentException($"Tool {Name}: a query argument must be a string, a number, a boolean or a list of them."),
    };

    private static (JsonElement Schema, HashSet<string> Known, bool Nested, (string Name, string Kind)[] Query) BuildSchema(AlterApp app, ProviderDescriptor provider, OperationDescriptor operation, string[] pathNames)
    {
        var known = new HashSet<string>(pathNames, StringComparer.OrdinalIgnoreCase);
        var properties = new JsonObject();
        var required = new JsonArray();
        foreach (var name in pathNames)
        {
            properties[name] = new JsonObject { ["type"] = "string", ["description"] = "The {" + name + "} path parameter." };
            required.Add(name);
        }

        var body = operation.Tool!.RequestSchema(app.Provider(provider).Json);
        var nested = false;
        if (body?["properties"] is JsonObject bodyProperties)
        {
            nested = bodyProperties.Any(p => known.Contains(p.Key));
            if (nested)
            {
                properties[NestedRequest] = body.DeepClone();
                known.Add(NestedRequest);
            }
            else
            {
                foreach (var (name, schema) in bodyProperties)
                {
                    properties[name] = schema?.DeepClone();
                    known.Add(name);
                }
                if (body["required"] is JsonArray bodyRequired)
                    foreach (var name in bodyRequired) required.Add(name?.DeepClone());
            }
        }

        // The request object's query parameters (its JSON metadata leaves them out): arguments of their own, unless a
        // path parameter or body property already has the name.
        var query = new List<(string, string)>();
        foreach (var entry in operation.ToolQuery ?? [])
        {
            var colon = entry.LastIndexOf(':');
            if (colon <= 0) continue;
            var (name, kind) = (entry[..colon], entry[(colon + 1)..]);
            if (known.Contains(name)) continue;
            properties[name] = kind switch
            {
                "boolean" or "integer" or "number" or "string" => new JsonObject { ["type"] = kind, ["description"] = "The " + name + " query parameter." },
                _ => new JsonObject { ["type"] = "array", ["items"] = new JsonObject { ["type"] = "string" }, ["description"] = "The " + name + " query parameter." },
            };
            known.Add(name);
            query.Add((name, kind));
        }

        var root = new JsonObject { ["type"] = "object", ["properties"] = properties };
        if (required.Count > 0) root["required"] = required;
        root["additionalProperties"] = false;
        using var document = JsonDocument.Parse(root.ToJsonString());
        return (document.RootElement.Clone(), known, nested, [.. query]);
    }

    /// <summary>The model's arguments as one JSON object (values a model client parsed are JSON elements already).</summary>
    private static JsonDocument ToJson(AIFunctionArguments arguments)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (name, value) in arguments)
            {
                writer.WritePropertyName(name);
                switch (value)
                {
                    case null: writer.WriteNullValue(); break;
                    case JsonElement element: element.WriteTo(writer); break;
                    case JsonNode node: node.WriteTo(writer); break;
                    case string text: writer.WriteStringValue(text); break;
                    case bool flag: writer.WriteBooleanValue(flag); break;
                    case int number: writer.WriteNumberValue(number); break;
                    case long number: writer.WriteNumberValue(number); break;
                    case double number: writer.WriteNumberValue(number); break;
                    case decimal number: writer.WriteNumberValue(number); break;
                    default: JsonSerializer.Serialize(writer, value, AIJsonUtilities.DefaultOptions.GetTypeInfo(value.GetType())); break;
                }
            }
            writer.WriteEndObject();
        }
        return JsonDocument.Parse(buffer.WrittenMemory);
    }

    [GeneratedRegex(@"\{([^{}]+)\}")]
    private static partial Regex PathParameter();

    /// <summary>A client of any provider, for the tools' calls: the scope's grant and principal, or its delegation; no account choice.</summary>
    private sealed class ToolClient(AlterApp app, ProviderDescriptor descriptor, string? grantId, Principal? principal, string? delegationId)
        : ProviderClient(app, descriptor, grantId, principal, account: null, delegationId);
}
