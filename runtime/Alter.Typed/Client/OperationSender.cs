using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Alter.Typed.Http;

namespace Alter.Typed;

/// <summary>
/// The one shared send helper behind every generated method: builds the request from the operation and its
/// arguments and its <see cref="CallContext"/>, sends it through the call pipeline, turns the pipeline's verdict on a
/// failure into <see cref="ProviderApiException"/> and deserializes the answer with System.Text.Json and the provider's options.
/// </summary>
internal sealed class OperationSender(HttpClient http, HttpMessageInvoker invoker, TimeSpan timeout, Func<ProviderDescriptor, ResolvedProvider> resolve, GrantResolver grants, IAuditSink audit, TimeProvider time, string store = "the store")
{
    private const int MaxErrorBody = 4096;

    /// <remarks><paramref name="paging"/>: a page of a walk (<see cref="Paging.PageWalker"/>): its step shapes the request, and its answer is read back.</remarks>
    public async Task<TResponse> SendAsync<TRequest, TResponse>(ProviderClient client, OperationDescriptor operation, RequestArguments? arguments, TRequest? request, CancellationToken cancellationToken, string? tool = null, Paging.PageState? paging = null)
    {
        var context = NewContext(client, operation, out var provider, tool);
        if (!provider.IsBound) provider = await ResolveEarlyAsync(context, operation.Method, cancellationToken).ConfigureAwait(false);
        // Text or bytes expected: do not ask for JSON, a server that negotiates would answer 406 or the wrong thing.
        var accept = ResponseShape<TResponse>.IsJson ? "application/json" : "*/*";
        using var message = Build(context, provider, operation, arguments, request, accept, paging);
        // The timeout token source lives here rather than in SendTypedAsync: one async frame less on every typed call.
        using var cts = TimeoutSource(cancellationToken);
        var token = cts?.Token ?? cancellationToken;
        try
        {
            using var response = await invoker.SendAsync(message, token).ConfigureAwait(false);
            await response.Content.LoadIntoBufferAsync(token).ConfigureAwait(false);
            await ThrowIfFailedAsync(response, message, token).ConfigureAwait(false);
            paging?.Read(message, response);
            // Operations that answer something other than JSON: the generated method returns the text or the bytes.
            if (ResponseShape<TResponse>.IsText && !IsJson(response.Content))
                return (TResponse)(object)await response.Content.ReadAsStringAsync(token).ConfigureAwait(false);
            if (ResponseShape<TResponse>.IsBytes)
                return (TResponse)(object)await response.Content.ReadAsByteArrayAsync(token).ConfigureAwait(false);
            var result = TryDeserializeBuffered<TResponse>(response.Content, provider.Json, out var buffered)
                ? buffered
                : await System.Net.Http.Json.HttpContentJsonExtensions.ReadFromJsonAsync(response.Content, TypeInfoOf<TResponse>.For(provider.Json), token).ConfigureAwait(false);
            return result ?? throw new ProviderApiException(provider.Id, operation.Id, response.StatusCode, "empty_response", "");
        }
        catch (OperationCanceledException e) when (TimedOut(cts, cancellationToken))
        {
            throw TimeoutError(e);
        }
    }

    /// <summary>One token source for the call's timeout (linked to the caller's token when that one can be cancelled); none when infinite.</summary>
    private CancellationTokenSource? TimeoutSource(CancellationToken cancellationToken)
    {
        if (timeout == System.Threading.Timeout.InfiniteTimeSpan) return null;
        var cts = cancellationToken.CanBeCanceled ? CancellationTokenSource.CreateLinkedTokenSource(cancellationToken) : new CancellationTokenSource();
        cts.CancelAfter(timeout);
        return cts;
    }

    private static bool TimedOut(CancellationTokenSource? cts, CancellationToken cancellationToken)
        => cts is not null && cts.IsCancellationRequested && !cancellationToken.IsCancellationRequested;

    /// <summary>What <see cref="HttpClient"/> throws when its timeout elapses: a cancellation whose inner exception is a timeout.</summary>
    private TaskCanceledException TimeoutError(Exception e)
        => new($"The request was canceled due to the configured AlterOptions.Timeout of {timeout.TotalSeconds} seconds elapsing.", new TimeoutException(e.Message, e));

    /// <summary>
    /// The common case: the answer is already buffered in memory (the client reads it whole) and is UTF-8 JSON, so it is
    /// deserialized synchronously from its bytes with the provider's options, skipping the stream-based async path.
    /// Anything else (another charset, a large body) is read with ReadFromJsonAsync and the same metadata.
    /// </summary>
    private static bool TryDeserializeBuffered<TResponse>(HttpContent content, JsonSerializerOptions json, out TResponse? result)
    {
        result = default;
        if (content.Headers.ContentType?.CharSet is { } charset && !charset.Trim('"').Equals("utf-8", StringComparison.OrdinalIgnoreCase)) return false;
        var stream = content.ReadAsStream(); // buffered content: a seekable memory stream over the buffer, shared
        if (stream is not MemoryStream memory || memory.Length > MaxPooledBody) return false;
        var length = (int)(memory.Length - memory.Position);
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(length);
        try
        {
            var start = memory.Position;
            memory.ReadExactly(buffer, 0, length);
            memory.Position = start;
            var body = buffer.AsSpan(0, length);
            if (body.StartsWith("\uFEFF"u8)) body = body[3..]; // a UTF-8 byte order mark, as the stream path skips it
            result = JsonSerializer.Deserialize(body, TypeInfoOf<TResponse>.For(json));
            return true;
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Bodies up to this size are deserialized from a pooled copy of the buffer; larger ones are streamed.</summary>
    private const int MaxPooledBody = 1 << 20;

    public async Task SendNoContentAsync<TRequest>(ProviderClient client, OperationDescriptor operation, RequestArguments? arguments, TRequest? request, CancellationToken cancellationToken, string? tool = null)
    {
        var context = NewContext(client, operation, out var provider, tool);
        if (!provider.IsBound) provider = await ResolveEarlyAsync(context, operation.Method, cancellationToken).ConfigureAwait(false);
        using var message = Build(context, provider, operation, arguments, request, "application/json");
        using var response = await SendTypedAsync(message, cancellationToken).ConfigureAwait(false);
        await ThrowIfFailedAsync(response, message, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Typed calls skip <see cref="HttpClient"/>'s per-call work (a linked token source with its pending-requests token,
    /// request checks, its own async frame): one token source carries the timeout, and the answer is read whole, as
    /// <see cref="HttpCompletionOption.ResponseContentRead"/> would.
    /// </summary>
    private async Task<HttpResponseMessage> SendTypedAsync(HttpRequestMessage message, CancellationToken cancellationToken)
    {
        using var cts = TimeoutSource(cancellationToken);
        var token = cts?.Token ?? cancellationToken;
        HttpResponseMessage? response = null;
        try
        {
            response = await invoker.SendAsync(message, token).ConfigureAwait(false);
            if (response.Content is { } content) await content.LoadIntoBufferAsync(token).ConfigureAwait(false);
            return response;
        }
        catch (OperationCanceledException e) when (TimedOut(cts, cancellationToken))
        {
            response?.Dispose();
            throw TimeoutError(e);
        }
        catch
        {
            response?.Dispose();
            throw;
        }
    }

    /// <summary>Sends an untyped request (the <c>Request</c> escape hatch) through the same pipeline.</summary>
    public Task<HttpResponseMessage> SendRawAsync(HttpMethod method, Uri uri, HttpContent? content, CallContext context, CancellationToken cancellationToken)
    {
        var message = new HttpRequestMessage(method, uri) { Content = content };
        message.Options.Set(AlterPipeline.Context, context);
        message.Headers.TryAddWithoutValidation("User-Agent", UserAgent);
        return http.SendAsync(message, HttpCompletionOption.ResponseContentRead, cancellationToken);
    }

    /// <summary>The call's context: the client's grant, principal (<c>ForUser</c>) and account (<c>WithAccount</c>), none resolved yet.</summary>
    /// <remarks><paramref name="tool"/>: the AI tool a model invoked (the audit row's tool), set by the runtime's tools only.</remarks>
    private CallContext NewContext(ProviderClient client, OperationDescriptor operation, out ResolvedProvider provider, string? tool)
    {
        provider = resolve(client.Descriptor);
        var context = new CallContext(grants.App, provider, client.GrantId, operation.Id, typed: true, client.Principal, client.Account, grants.Caller)
        {
            OperationScopes = operation.Scopes,
        };
        if (client.DelegationId is { } delegation) context.DelegationId = delegation;
        if (tool is not null) context.Tool = tool;
        return context;
    }

    /// <summary>
    /// URLs with {subdomain} and the like: the grant's values decide where the call goes, so the principal and grant are
    /// resolved here, once; the pipeline's context handler sees the context resolved and does not look again. A refusal
    /// here (a refused user token, no grant, someone else's grant) is audited as the pipeline would have.
    /// </summary>
    private async ValueTask<ResolvedProvider> ResolveEarlyAsync(CallContext context, HttpMethod method, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        try
        {
            await grants.ResolveAsync(context, cancellationToken).ConfigureAwait(false);
        }
        catch (System.Data.Common.DbException db)
        {
            var e = new StoreUnavailableException(store, db);
            await AuditRefusalAsync(audit, time, started, context.Caller, context.Principal, context.Provider.Id, context.Operation, method, e, context.DelegationId, context.Tool).ConfigureAwait(false);
            throw e;
        }
        catch (AlterException e)
        {
            await AuditRefusalAsync(audit, time, started, context.Caller, context.Principal, context.Provider.Id, context.Operation, method, e, context.DelegationId, context.Tool).ConfigureAwait(false);
            throw;
        }
        return context.ResolvedProvider;
    }

    /// <summary>
    /// The row of a call refused before it reached the pipeline (nothing was sent: status 0, no host), with the
    /// pipeline's outcome for the error; committed before the error is thrown, as the audit handler's rows are.
    /// </summary>
    internal static ValueTask AuditRefusalAsync(IAuditSink audit, TimeProvider time, long started, string caller, Principal? principal, string provider, string operation, HttpMethod method, Exception error, string? delegationId = null, string? tool = null)
        => audit.WriteAsync(new Audit.AuditEntry(time.GetUtcNow(), caller, principal?.Key, provider, operation, null, method.Method, null, "",
            0, AuditHandler.OutcomeOf(error), time.GetElapsedTime(started).TotalMilliseconds, false, delegationId, tool), CancellationToken.None);

    private HttpRequestMessage Build<TRequest>(CallContext context, ResolvedProvider provider, OperationDescriptor operation, RequestArguments? arguments, TRequest? request, string accept, Paging.PageState? paging = null)
    {
        var page = paging?.Step;
        if (request is IAlterRequest parameters)
        {
            if (arguments is not null) parameters.WriteParameters(arguments);
            else
            {
                // Most request objects write no parameter: lend them this thread's empty instance rather than allocate one per call.
                var scratch = t_scratchArguments ?? new RequestArguments();
                t_scratchArguments = null;
                parameters.WriteParameters(scratch);
                if (scratch.IsEmpty) t_scratchArguments = scratch;
                else arguments = scratch;
            }
        }

        if (paging?.Pagination.EnableParameter is { } enable) (arguments ??= new RequestArguments()).SetQuery(enable, "true");
        if (page is { Parameter: { } query, InBody: false }) (arguments ??= new RequestArguments()).SetQuery(query, page.Value!);
        // A next link (Link header, @odata.nextLink) is fetched as given; the credential handler still checks its host.
        var message = page?.Url is { } link ? new HttpRequestMessage(HttpMethod.Get, link) : new HttpRequestMessage(operation.Method, arguments is null || (arguments.PathValues.Count == 0 && arguments.QueryValues.Count == 0)
            ? provider.OperationUri(operation)
            : new Uri(provider.ApiBaseUri, BuildRelativeUrl(operation, arguments)));
        message.Options.Set(AlterPipeline.Context, context);
        if (arguments is not null)
            foreach (var (name, value) in arguments.HeaderValues) message.Headers.TryAddWithoutValidation(name, value);
        if (page is { Parameter: { } field, InBody: true })
            message.Content = Paging.PageBody.With(operation, request is null ? null : SerializeForPage(request, provider, operation.Body), field, page.Value!);
        else if (page?.Url is null && operation.Body != BodyKind.None && request is not null)
            message.Content = operation.Body switch
            {
                BodyKind.Form => FormContent(request, provider.Json),
                BodyKind.Multipart when request is IAlterMultipartRequest multipart => MultipartContent(multipart, provider),
                BodyKind.Raw when request is RawBody raw => RawContent(raw),
                BodyKind.Multipart or BodyKind.Raw => throw new ArgumentException($"Operation {operation.Id} takes a {operation.Body} body, not a {request.GetType().Name}."),
                _ => JsonBody(request, provider),
            };
        // Raw, unparsed values: HttpClient default headers would be cloned and parsed on every call.
        if (arguments is null || !arguments.HeaderValues.Any(h => h.Key.Equals("Accept", StringComparison.OrdinalIgnoreCase)))
            message.Headers.TryAddWithoutValidation("Accept", accept);
        message.Headers.TryAddWithoutValidation("User-Agent", UserAgent);
        return message;
    }

    /// <summary>
    /// The JSON body, serialized up front with the provider's options:
    /// a byte array can be resent as is when the pipeline retries, with no second buffering pass.
    /// </summary>
    private static ByteArrayContent JsonBody<TRequest>(TRequest request, ResolvedProvider provider)
    {
        var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(request, TypeInfoOf<TRequest>.For(provider.Json)));
        content.Headers.ContentType = JsonMediaType;
        return content;
    }

    /// <summary>The request body as JSON, for a page whose cursor goes into the body (form bodies are written from the same JSON).</summary>
    private static JsonElement SerializeForPage<TRequest>(TRequest request, ResolvedProvider provider, BodyKind body)
        => body is BodyKind.Json or BodyKind.Form
            ? JsonSerializer.SerializeToElement(request, TypeInfoOf<TRequest>.For(provider.Json))
            : throw new ArgumentException($"A page cursor cannot be written into a {body} body.");

    private static MultipartFormDataContent MultipartContent(IAlterMultipartRequest request, ResolvedProvider provider)
    {
        var parts = new MultipartParts(provider.Json);
        request.WriteParts(parts);
        return parts.Content;
    }

    private static StreamContent RawContent(RawBody raw)
    {
        var content = new StreamContent(raw.Content);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(raw.ContentType);
        return content;
    }

    [ThreadStatic]
    private static RequestArguments? t_scratchArguments;

    /// <summary>
    /// The serializer metadata of <typeparamref name="T"/> for the options last used with it. A generated model belongs to
    /// one provider, so this is one reference check per call instead of the options' type cache lookup (measured in
    /// perf profiles, on both the request and the response).
    /// </summary>
    private static class TypeInfoOf<T>
    {
        private sealed record Entry(JsonSerializerOptions Options, JsonTypeInfo<T> Info);

        private static Entry? s_last;

        public static JsonTypeInfo<T> For(JsonSerializerOptions options)
        {
            var last = s_last;
            if (last is not null && ReferenceEquals(last.Options, options)) return last.Info;
            var info = (JsonTypeInfo<T>)options.GetTypeInfo(typeof(T));
            s_last = new Entry(options, info);
            return info;
        }
    }

    /// <summary>
    /// What a generated method expects back, computed once per response type: <c>typeof(T)</c> checks in shared generic
    /// code cost a runtime type lookup each, three per call in perf profiles.
    /// </summary>
    private static class ResponseShape<T>
    {
        public static readonly bool IsText = typeof(T) == typeof(string);
        public static readonly bool IsBytes = typeof(T) == typeof(byte[]);
        public static readonly bool IsJson = !IsText && !IsBytes;
    }

    private const string UserAgent = "AlterTyped/0.1";

    private static readonly MediaTypeHeaderValue JsonMediaType = new("application/json") { CharSet = "utf-8" };

    private static string BuildRelativeUrl(OperationDescriptor operation, RequestArguments arguments)
    {
        var url = new StringBuilder(operation.PathTemplate.TrimStart('/'));
        foreach (var (name, value) in arguments.PathValues)
            url.Replace("{" + name + "}", PathArguments.Escape(operation, name, value));
        if (url.ToString().IndexOf('{') is var open and >= 0 && url.ToString().IndexOf('}', open) > open)
            throw new ArgumentException($"Operation {operation.Id} needs a value for the path parameter in '{operation.PathTemplate}'.");
        var separator = operation.PathTemplate.Contains('?') ? '&' : '?';
        foreach (var (name, value) in arguments.QueryValues)
        {
            url.Append(separator).Append(Uri.EscapeDataString(name)).Append('=').Append(Uri.EscapeDataString(value));
            separator = '&';
        }
        return url.ToString();
    }

    /// <summary>Form bodies: top-level properties as fields; nested objects and arrays as JSON text (Slack's convention for <c>blocks</c>).</summary>
    private static FormUrlEncodedContent FormContent<TRequest>(TRequest request, JsonSerializerOptions json)
        => FormContent(JsonSerializer.SerializeToElement(request, TypeInfoOf<TRequest>.For(json)));

    /// <summary>A form body from a JSON object's top-level properties.</summary>
    internal static FormUrlEncodedContent FormContent(JsonElement element)
    {
        var fields = new List<KeyValuePair<string, string>>();
        foreach (var property in element.EnumerateObject())
        {
            var value = property.Value;
            fields.Add(new(property.Name, value.ValueKind switch
            {
                JsonValueKind.String => value.GetString()!,
                JsonValueKind.True => "true",
                JsonValueKind.False => "false",
                _ => value.GetRawText(),
            }));
        }
        return new FormUrlEncodedContent(fields);
    }

    private static bool IsJson(HttpContent content)
        => content.Headers.ContentType?.MediaType is { } media && (media.EndsWith("/json", StringComparison.OrdinalIgnoreCase) || media.EndsWith("+json", StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Turns a failed answer into <see cref="ProviderApiException"/>, from the verdict the credential handler computed
    /// (status, <c>ok:false</c>, error code, missing scopes): the body is read here only for the exception's text.
    /// </summary>
    private static async Task ThrowIfFailedAsync(HttpResponseMessage response, HttpRequestMessage message, CancellationToken cancellationToken)
    {
        var context = AlterPipeline.ContextOf(message);
        var verdict = context.Verdict ?? new ProviderVerdict.Verdict(response.IsSuccessStatusCode, null, false);
        if (verdict.Ok && response.IsSuccessStatusCode) return;
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (body.Length > MaxErrorBody) body = body[..MaxErrorBody];
        throw new ProviderApiException(context.Provider.Id, context.Operation, response.StatusCode, verdict.Code, body, verdict.ScopeMissing, verdict.Needed);
    }
}
