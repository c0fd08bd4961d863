using Alter.Typed.Generator.Model;

namespace Alter.Typed.Generator.Emit
{
    /// <summary>
    /// How a parameter value reaches <c>RequestArguments</c>: the runtime has <c>Path</c> overloads for string, long,
    /// double and bool, <c>Query</c> overloads for nullable scalars and string/long sequences, and <c>Header</c> for
    /// strings; anything else is formatted here with the invariant culture.
    /// </summary>
    internal static class Arguments
    {
        private const string Select = "global::System.Linq.Enumerable.Select";

        /// <summary>
        /// <c>.Path("name", value)</c>, <c>.Query(...)</c> or <c>.Header(...)</c> for a value expression of <paramref name="type"/>.
        /// An array query value repeats its key per value (<c>.QueryEach</c>, OpenAPI's default) unless <paramref name="joined"/>
        /// asks for one comma-separated value.
        /// </summary>
        public static string Call(string location, string wireName, string expression, TypeRef type, bool joined = false)
        {
            string name = CSharp.Literal(wireName);
            return location switch
            {
                "path" => "Path(" + name + ", " + PathValue(expression, type) + ")",
                "header" => "Header(" + name + ", " + NullableString(expression, type) + ")",
                _ when type.Kind == TypeKind.List && !joined => "QueryEach(" + name + ", " + EachValue(expression, type) + ")",
                _ => "Query(" + name + ", " + QueryValue(expression, type) + ")",
            };
        }

        /// <summary>A <c>string</c> or <c>long</c> sequence for <c>QueryEach</c> (null when the value is null).</summary>
        private static string EachValue(string expression, TypeRef type)
        {
            if (type.Element!.Kind is TypeKind.String or TypeKind.Int64)
            {
                return expression;
            }

            string each = Select + "(" + expression + ", static __v => " + Format("__v", type.Element.WithNullable(false)) + ")";
            return type.Nullable ? "(" + expression + " is null ? null : " + each + ")" : each;
        }

        /// <summary>A non-null value for <c>Path</c> (the expression is not null).</summary>
        private static string PathValue(string expression, TypeRef type)
            => type.Kind is TypeKind.String or TypeKind.Int32 or TypeKind.Int64 or TypeKind.Double or TypeKind.Boolean
                ? expression
                : Format(expression, type);

        private static string QueryValue(string expression, TypeRef type)
        {
            switch (type.Kind)
            {
                case TypeKind.String:
                case TypeKind.Boolean:
                case TypeKind.Int32:
                case TypeKind.Int64:
                case TypeKind.Double:
                case TypeKind.DateTimeOffset:
                    return expression;
                case TypeKind.List when type.Element!.Kind is TypeKind.String or TypeKind.Int64:
                    return expression;
                default:
                    return NullableString(expression, type);
            }
        }

        /// <summary>A <c>string?</c> expression: null when the value is null, else the formatted value.</summary>
        public static string NullableString(string expression, TypeRef type)
        {
            if (!type.Nullable)
            {
                return Format(expression, type);
            }

            if (type.Kind == TypeKind.String)
            {
                return expression;
            }

            return type.IsValueType
                ? "(" + expression + ".HasValue ? " + Format(expression + ".Value", type.WithNullable(false)) + " : null)"
                : "(" + expression + " is null ? null : " + Format(expression, type.WithNullable(false)) + ")";
        }

        /// <summary>A non-null <c>string</c> for a non-null value.</summary>
        public static string Format(string expression, TypeRef type)
        {
            switch (type.Kind)
            {
                case TypeKind.String:
                    return expression;
                case TypeKind.Boolean:
                    return "(" + expression + " ? \"true\" : \"false\")";
                case TypeKind.Int32:
                case TypeKind.Int64:
                    return expression + ".ToString(" + CSharp.Invariant + ")";
                case TypeKind.Double:
                    return expression + ".ToString(\"R\", " + CSharp.Invariant + ")";
                case TypeKind.DateTimeOffset:
                    return expression + ".ToString(\"yyyy-MM-dd'T'HH:mm:ssK\", " + CSharp.Invariant + ")";
                case TypeKind.List:
                    return type.Element!.Kind == TypeKind.String
                        ? "string.Join(\",\", " + expression + ")"
                        : "string.Join(\",\", " + Select + "(" + expression + ", static __v => " + Format("__v", type.Element.WithNullable(false)) + "))";
                default:
                    // JsonElement (a parameter schema that is not typed): its JSON text, or the string it holds.
                    return "(" + expression + ".ToString() ?? string.Empty)";
            }
        }
    }
}
