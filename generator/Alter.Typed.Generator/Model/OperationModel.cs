namespace Alter.Typed.Generator.Model
{
    /// <summary>One group of operations: a property on the client and a <c>&lt;Provider&gt;&lt;Group&gt;Operations</c> class.</summary>
    internal sealed record GroupModel(
        string RawName,
        string PropertyName,
        string ClassName,
        EquatableArray<OperationModel> Operations);

    /// <summary>An operation, resolved down to the C# method it becomes.</summary>
    internal sealed record OperationModel(
        string Id,
        string FieldName,
        string MethodName,
        string HttpMethod,
        string Path,
        string BodyKind,
        string? Summary,
        string? Description,
        string? DocsUrl,
        EquatableArray<string>? Scopes,
        EquatableArray<ParameterModel> Parameters,
        string? RequestClassName,
        bool RequestRequired,
        RequestContents RequestContents,
        TypeRef? BodyType,
        bool BodyRequired,
        string? BodyDescription,
        TypeRef? ResponseType,
        int? ResponseStatus,
        string? ResponseDescription,
        string? BodyMediaType = null,
        string? ResponseMediaType = null,
        PaginationModel? Pagination = null)
    {
        public const string RequestParameterName = "request";
        public const string BodyParameterName = "body";
        public const string CancellationTokenName = "cancellationToken";
    }

    /// <summary>What a request class holds (for its documentation).</summary>
    internal enum RequestContents
    {
        None,
        Parameters,
        Body,
        ParametersAndBody,
    }

    /// <summary>
    /// A method parameter carrying a path, query or header value: the required ones, and the optional
    /// ones of an operation whose body is not an object (there is no request class to hold them then).
    /// <see cref="Joined"/>: an array query value sent comma-separated rather than as one key per value.
    /// </summary>
    internal sealed record ParameterModel(
        string WireName,
        string In,
        string Identifier,
        TypeRef Type,
        bool Optional,
        DocModel Doc,
        bool Joined = false);

    /// <summary>Documentation facts of a property or parameter, from its schema.</summary>
    internal sealed record DocModel(
        string? Description,
        EquatableArray<string> EnumValues,
        string? DefaultValue,
        string? Format)
    {
        public static readonly DocModel Empty = new DocModel(null, EquatableArray<string>.Empty, null, null);
    }
}
