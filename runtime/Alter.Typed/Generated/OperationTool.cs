using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;
using System.Text.Json.Serialization.Metadata;

namespace Alter.Typed.Generated;

/// <summary>
/// How an AI tool calls one typed operation from JSON arguments: the request type whose JSON metadata gives the
/// arguments' schema and reads them, and the generated method's send (request and response types). One shared
/// instance per request/response pair; generated code sets it on <see cref="OperationDescriptor.Tool"/> for the
/// operations a tool can call (path parameters and a JSON or form request object; no file uploads). Used by generated code.
/// </summary>
/// <remarks>
/// The model's arguments never carry identity: whom the call acts for and under which grant is the tool's scope,
/// decided by the application (Alter.Typed.AI), and the call goes through the normal pipeline, policies included.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public abstract class OperationTool
{
    private protected OperationTool(Type? requestType) => RequestType = requestType;

    /// <summary>The request object's type (body and optional parameters); null when the operation takes none.</summary>
    public Type? RequestType { get; }

    /// <summary>An operation with a request object and a JSON (or text) response.</summary>
    public static OperationTool For<TRequest, TResponse>() where TRequest : class => WithRequest<TRequest, TResponse>.Instance;

    /// <summary>An operation without a request object, with a JSON (or text) response.</summary>
    public static OperationTool For<TResponse>() => WithRequest<object, TResponse>.Instance;

    /// <summary>An operation with a request object and no response body.</summary>
    public static OperationTool NoContent<TRequest>() where TRequest : class => WithRequest<TRequest, NoBody>.Instance;

    /// <summary>An operation without a request object and with no response body.</summary>
    public static OperationTool NoContent() => WithRequest<object, NoBody>.Instance;

    /// <summary>Deserializes the request from <paramref name="request"/> (null: none), sends it, and returns the answer as JSON (null when it has no body).</summary>
    internal abstract Task<JsonElement?> InvokeAsync(ProviderClient client, OperationDescriptor operation, RequestArguments? arguments, JsonElement? request, string tool, CancellationToken cancellationToken);

    /// <summary>The JSON schema of the request object (with the provider's naming), or null when there is none.</summary>
    internal JsonObject? RequestSchema(JsonSerializerOptions options)
    {
        if (RequestType is null || RequestType == typeof(object)) return null;
        var info = options.GetTypeInfo(RequestType);
        var schema = info.GetJsonSchemaAsNode(new JsonSchemaExporterOptions { TreatNullObliviousAsNonNullable = false });
        return schema as JsonObject;
    }

    private sealed class NoBody;

    private sealed class WithRequest<TRequest, TResponse>() : OperationTool(typeof(TRequest) == typeof(object) ? null : typeof(TRequest))
    {
        public static readonly WithRequest<TRequest, TResponse> Instance = new();

        internal override async Task<JsonElement?> InvokeAsync(ProviderClient client, OperationDescriptor operation, RequestArguments? arguments, JsonElement? request, string tool, CancellationToken cancellationToken)
        {
            var json = client.App.Provider(client.Descriptor).Json;
            TRequest? body = default;
            if (RequestType is not null && request is { ValueKind: JsonValueKind.Object } value)
                body = (TRequest?)value.Deserialize(json.GetTypeInfo(typeof(TRequest)));
            var sender = client.App.Sender;
            if (typeof(TResponse) == typeof(NoBody))
            {
                await sender.SendNoContentAsync(client, operation, arguments, body, cancellationToken, tool).ConfigureAwait(false);
                return null;
            }
            var response = await sender.SendAsync<TRequest, TResponse>(client, operation, arguments, body, cancellationToken, tool).ConfigureAwait(false);
            return response switch
            {
                null => null,
                string text => JsonSerializer.SerializeToElement(text, ScalarJsonContext.Default.String),
                byte[] bytes => JsonSerializer.SerializeToElement(Convert.ToBase64String(bytes), ScalarJsonContext.Default.String),
                _ => JsonSerializer.SerializeToElement(response, (JsonTypeInfo<TResponse>)json.GetTypeInfo(typeof(TResponse))),
            };
        }
    }
}
