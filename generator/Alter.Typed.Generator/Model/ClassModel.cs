namespace Alter.Typed.Generator.Model
{
    internal enum ClassKind
    {
        /// <summary>A named schema of the <c>schemas</c> section.</summary>
        Schema,

        /// <summary>An inline object nested in another schema.</summary>
        Nested,

        /// <summary>An operation's request: optional parameters and body properties.</summary>
        Request,

        /// <summary>An operation's inline response object.</summary>
        Response,
    }

    /// <summary>Where a property of a request class goes on the wire.</summary>
    internal enum PropertyRole
    {
        Body,
        Path,
        Query,
        /// <summary>An array query parameter sent as one comma-separated value (<c>"explode": false</c>).</summary>
        QueryJoined,
        Header,
    }

    /// <summary>
    /// A generated class. <see cref="Origin"/> is the schema name, the JSON name of the nested property, or the operation id.
    /// <see cref="Multipart"/>: a request whose body is <c>multipart/form-data</c> (it writes its body properties as parts).
    /// </summary>
    internal sealed record ClassModel(
        string Name,
        ClassKind Kind,
        string Origin,
        string? Description,
        EquatableArray<PropertyModel> Properties,
        bool Multipart = false);

    /// <summary>A property of a generated class.</summary>
    internal sealed record PropertyModel(
        string Name,
        string JsonName,
        TypeRef Type,
        bool Required,
        bool EmitJsonPropertyName,
        PropertyRole Role,
        DocModel Doc);
}
