using System;
using System.Collections.Generic;
using Alter.Typed.Generator.Diagnostics;
using Alter.Typed.Generator.Json;
using Alter.Typed.Generator.Model;
using Alter.Typed.Generator.Naming;

namespace Alter.Typed.Generator.Parsing
{
    /// <summary>Schemas to C# types: scalars, lists, dictionaries, objects and <c>$ref</c>s.</summary>
    internal sealed partial class SchemaResolver
    {
        /// <summary>
        /// Resolves a schema to a C# type. <paramref name="nameHint"/> names a class made for an inline object;
        /// <paramref name="root"/> says what that class is when it is an operation's response (not a nested object).
        /// In <paramref name="parameter"/> mode only scalars and lists of scalars are typed.
        /// </summary>
        public TypeRef Resolve(JsonNode node, string path, string nameHint, bool parameter = false, (ClassKind Kind, string Origin, string? Description)? root = null)
        {
            if (!parameter && _resolved.TryGetValue(node, out TypeRef? cached))
            {
                return cached;
            }

            TypeRef type = ResolveCore(node, path, nameHint, parameter, root);
            if (!parameter)
            {
                _resolved[node] = type;
            }

            return type;
        }

        private TypeRef ResolveCore(JsonNode node, string path, string nameHint, bool parameter, (ClassKind Kind, string Origin, string? Description)? root)
        {
            if (node is not JsonObject schema)
            {
                _ctx.Invalid(node, path, "a schema must be an object, found " + node.KindDescription);
                return TypeRef.Json();
            }

            _ctx.CheckKeys(schema, path, s_known, s_ignored);
            bool nullable = _ctx.Boolean(schema, "nullable", path) ?? false;
            _ctx.String(schema, "description", path);
            _ctx.String(schema, "format", path);
            _ctx.Array(schema, "enum", path);

            foreach (string keyword in UntypedKeywords)
            {
                if (schema.Find(keyword) is JsonProperty untyped)
                {
                    _ctx.Report(DiagnosticDescriptors.UntypedSchema, untyped.NameSpan, untyped.NameLineSpan, path, "'" + keyword + "' is not supported yet");
                    return TypeRef.Json(nullable);
                }
            }

            if (schema.Find("$ref") is JsonProperty reference)
            {
                return ResolveRef(reference.Value, ParseContext.Child(path, "$ref"), nullable, parameter);
            }

            string? type = DeclaredType(schema, path, nullable, out TypeRef? untypedResult);
            return type is null ? untypedResult! : ResolveType(schema, path, type, nameHint, nullable, parameter, root);
        }

        /// <summary>
        /// The <c>type</c> of a schema, written or implied (<c>properties</c> → object, <c>items</c> → array, string <c>enum</c> → string);
        /// null with <paramref name="result"/> when the schema is typed as JsonElement instead.
        /// </summary>
        private string? DeclaredType(JsonObject schema, string path, bool nullable, out TypeRef? result)
        {
            result = TypeRef.Json(nullable);
            if (schema.Find("type") is JsonProperty typeProperty)
            {
                if (typeProperty.Value is JsonString s)
                {
                    return s.Value;
                }

                if (typeProperty.Value is JsonArray)
                {
                    _ctx.Untyped(typeProperty.Value, path, "a list of types is not supported yet; use one type and \"nullable\"");
                }
                else
                {
                    _ctx.Invalid(typeProperty.Value, ParseContext.Child(path, "type"), "expected a string, found " + typeProperty.Value.KindDescription);
                }

                return null;
            }

            if (schema.Find("properties") is not null || schema.Find("additionalProperties") is not null)
            {
                return "object";
            }

            if (schema.Find("items") is not null)
            {
                return "array";
            }

            if (schema.Find("enum")?.Value is JsonArray values)
            {
                foreach (JsonNode value in values.Items)
                {
                    if (value is not JsonString)
                    {
                        _ctx.Untyped(schema.Find("enum")!.Value, path, "an enum without a type whose values are not all strings");
                        return null;
                    }
                }

                return "string";
            }

            // No type at all: any JSON value.
            return null;
        }

        private TypeRef ResolveType(JsonObject schema, string path, string type, string nameHint, bool nullable, bool parameter, (ClassKind Kind, string Origin, string? Description)? root)
        {
            string? format = (schema.Find("format")?.Value as JsonString)?.Value;
            switch (type)
            {
                case "string":
                    return new TypeRef(format == "date-time" ? TypeKind.DateTimeOffset : TypeKind.String, nullable);
                case "integer":
                    return new TypeRef(format == "int32" ? TypeKind.Int32 : TypeKind.Int64, nullable);
                case "number":
                    return new TypeRef(TypeKind.Double, nullable);
                case "boolean":
                    return new TypeRef(TypeKind.Boolean, nullable);
                case "array":
                    return ResolveArray(schema, path, nameHint, nullable, parameter);
                case "object":
                    return ResolveObject(schema, path, nameHint, nullable, parameter, root);
                case "null":
                    _ctx.Untyped(schema.Find("type")!.Value, path, "type \"null\" is not supported yet");
                    return TypeRef.Json(nullable);
                default:
                    _ctx.Invalid(schema.Find("type")!.Value, ParseContext.Child(path, "type"), "unknown type '" + type + "'; expected one of: string, integer, number, boolean, array, object");
                    return TypeRef.Json(nullable);
            }
        }

        private TypeRef ResolveArray(JsonObject schema, string path, string nameHint, bool nullable, bool parameter)
        {
            JsonNode? items = schema.Find("items")?.Value;
            if (items is null)
            {
                return new TypeRef(TypeKind.List, nullable, Element: TypeRef.Json());
            }

            TypeRef element = Resolve(items, ParseContext.Child(path, "items"), nameHint + "Item", parameter);
            if (parameter && !IsScalar(element) && element.Kind != TypeKind.Json)
            {
                _ctx.Untyped(items, ParseContext.Child(path, "items"), "a path, query or header parameter can be a list of scalars only");
                return TypeRef.Json(nullable);
            }

            // A parameter's list is formatted item by item: its items are never null.
            return new TypeRef(TypeKind.List, nullable, Element: parameter ? element.WithNullable(false) : element);
        }

        private TypeRef ResolveObject(JsonObject schema, string path, string nameHint, bool nullable, bool parameter, (ClassKind Kind, string Origin, string? Description)? root)
        {
            if (parameter && (schema.Find("properties") is not null || schema.Find("additionalProperties") is not null))
            {
                _ctx.Untyped(schema, path, "an object cannot be a path, query or header parameter yet");
                return TypeRef.Json(nullable);
            }

            if (schema.Find("properties") is not null)
            {
                string className = _typeNames.Allocate(nameHint);
                var typeRef = new TypeRef(TypeKind.Class, nullable, className);
                _resolved[schema] = typeRef; // a self-reference through the cache ends here
                string? description = Description(schema) ?? root?.Description;
                BuildClass(className, schema, path, root?.Kind ?? ClassKind.Nested, root?.Origin ?? path, description);
                return typeRef;
            }

            JsonNode? additional = schema.Find("additionalProperties")?.Value;
            switch (additional)
            {
                case null:
                    return TypeRef.Json(nullable);
                case JsonBoolean b:
                    return b.Value ? new TypeRef(TypeKind.Dictionary, nullable, Element: TypeRef.Json()) : TypeRef.Json(nullable);
                case JsonObject:
                    return new TypeRef(TypeKind.Dictionary, nullable, Element: Resolve(additional, ParseContext.Child(path, "additionalProperties"), nameHint + "Value"));
                default:
                    _ctx.Invalid(additional, ParseContext.Child(path, "additionalProperties"), "expected a schema object or a boolean, found " + additional.KindDescription);
                    return TypeRef.Json(nullable);
            }
        }

        private TypeRef ResolveRef(JsonNode referenceNode, string path, bool nullable, bool parameter)
        {
            if (referenceNode is not JsonString reference)
            {
                _ctx.Invalid(referenceNode, path, "expected a string, found " + referenceNode.KindDescription);
                return TypeRef.Json(nullable);
            }

            if (!reference.Value.StartsWith(RefPrefix, StringComparison.Ordinal))
            {
                _ctx.Invalid(referenceNode, path, "'" + reference.Value + "' does not resolve: only references to this file's schemas, '" + RefPrefix + "<Name>', are supported");
                return TypeRef.Json(nullable);
            }

            string name = UnescapePointer(reference.Value.Substring(RefPrefix.Length));
            if (!_named.TryGetValue(name, out NamedSchema? named))
            {
                _ctx.Invalid(referenceNode, path, "'" + reference.Value + "' does not resolve: there is no schema named '" + name + "' in $.schemas");
                return TypeRef.Json(nullable);
            }

            TypeRef type;
            if (named.ClassName is not null)
            {
                EnsureClass(named);
                type = new TypeRef(TypeKind.Class, false, named.ClassName);
            }
            else
            {
                TypeRef? alias = ResolveAlias(named, referenceNode);
                if (alias is null)
                {
                    return TypeRef.Json(nullable);
                }

                type = alias;
            }

            if (parameter && !IsScalar(type) && type.Kind != TypeKind.Json && !(type.Kind == TypeKind.List && type.Element is not null && IsScalar(type.Element)))
            {
                _ctx.Untyped(referenceNode, path, "the schema '" + name + "' is an object and cannot be a path, query or header parameter yet");
                return TypeRef.Json(nullable);
            }

            if (parameter && type.Kind == TypeKind.List)
            {
                type = type with { Element = type.Element!.WithNullable(false) };
            }

            return type.WithNullable(type.Nullable || nullable);
        }

        private TypeRef? ResolveAlias(NamedSchema named, JsonNode referenceNode)
        {
            if (named.Alias is not null)
            {
                return named.Alias;
            }

            if (named.Resolving)
            {
                _ctx.Invalid(referenceNode, named.Path, "circular $ref: the schema '" + named.Name + "' refers back to itself without an object in between");
                return null;
            }

            named.Resolving = true;
            TypeRef type = Resolve(named.Node, named.Path, Identifiers.ToPascal(named.Name));
            named.Resolving = false;
            named.Alias = type;
            return type;
        }

        /// <summary>A <c>type: string, format: binary</c> schema (written inline, or a named schema it refers to).</summary>
        private bool IsBinary(JsonNode node)
        {
            if (node is not JsonObject schema)
            {
                return false;
            }

            if (schema.Find("$ref")?.Value is JsonString reference
                && reference.Value.StartsWith(RefPrefix, StringComparison.Ordinal)
                && _named.TryGetValue(UnescapePointer(reference.Value.Substring(RefPrefix.Length)), out NamedSchema? named))
            {
                schema = named.Node;
            }

            return (schema.Find("type")?.Value as JsonString)?.Value == "string" && (schema.Find("format")?.Value as JsonString)?.Value == "binary";
        }

        public static bool IsScalar(TypeRef type) => type.Kind is TypeKind.String or TypeKind.Boolean or TypeKind.Int32 or TypeKind.Int64 or TypeKind.Double or TypeKind.DateTimeOffset;


        private static string UnescapePointer(string token) => token.Replace("~1", "/").Replace("~0", "~");
    }
}
