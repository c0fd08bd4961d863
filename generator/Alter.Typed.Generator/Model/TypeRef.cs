namespace Alter.Typed.Generator.Model
{
    /// <summary>The C# shapes a schema maps to.</summary>
    internal enum TypeKind
    {
        String,
        Boolean,
        Int32,
        Int64,
        Double,
        DateTimeOffset,

        /// <summary><c>System.Text.Json.JsonElement</c>: any JSON, or a construct that is not typed yet.</summary>
        Json,

        /// <summary>A generated model class (<see cref="TypeRef.ClassName"/>) in the provider's namespace.</summary>
        Class,

        /// <summary><c>IReadOnlyList&lt;Element&gt;</c>.</summary>
        List,

        /// <summary><c>IReadOnlyDictionary&lt;string, Element&gt;</c>.</summary>
        Dictionary,

        /// <summary><c>Alter.Typed.FilePart</c>: a <c>format: binary</c> property of a multipart body.</summary>
        File,

        /// <summary><c>Alter.Typed.RawBody</c>: a raw request body (any media type but JSON, form and multipart).</summary>
        RawBody,

        /// <summary><c>byte[]</c>: a binary (non-JSON, non-text) response.</summary>
        Bytes,
    }

    /// <summary>A resolved C# type: kind, nullability, and the class name or element type.</summary>
    internal sealed record TypeRef(TypeKind Kind, bool Nullable, string? ClassName = null, TypeRef? Element = null)
    {
        public static TypeRef Json(bool nullable = false) => new TypeRef(TypeKind.Json, nullable);

        public bool IsValueType => Kind is TypeKind.Boolean or TypeKind.Int32 or TypeKind.Int64 or TypeKind.Double or TypeKind.DateTimeOffset or TypeKind.Json;

        public TypeRef WithNullable(bool nullable) => Nullable == nullable ? this : this with { Nullable = nullable };
    }
}
