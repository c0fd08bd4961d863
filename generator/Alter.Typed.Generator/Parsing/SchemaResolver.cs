using System;
using System.Collections.Generic;
using Alter.Typed.Generator.Diagnostics;
using Alter.Typed.Generator.Json;
using Alter.Typed.Generator.Model;
using Alter.Typed.Generator.Naming;

namespace Alter.Typed.Generator.Parsing
{
    /// <summary>
    /// Maps the schema subset of format v1 to C# types, creating model classes for object schemas:
    /// named schemas keep their (PascalCase) name, inline objects are named after their owner.
    /// </summary>
    internal sealed class SchemaResolver
    {
        public const string RefPrefix = "#/schemas/";

        /// <summary>The schema keywords the generator types.</summary>
        public static readonly string[] Keywords =
        {
            "type", "format", "description", "properties", "required", "items", "$ref", "nullable", "enum", "default", "additionalProperties",
        };

        /// <summary>JSON Schema / OpenAPI keywords accepted and ignored (validation and annotations only).</summary>
        public static readonly string[] IgnoredKeywords =
        {
            "title", "example", "examples", "deprecated", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum",
            "minLength", "maxLength", "pattern", "minItems", "maxItems", "uniqueItems", "readOnly", "writeOnly",
            "multipleOf", "minProperties", "maxProperties", "const", "discriminator", "externalDocs", "xml",
        };

        /// <summary>Keywords whose meaning cannot be typed yet: the schema becomes JsonElement (ALTER005).</summary>
        public static readonly string[] UntypedKeywords = { "oneOf", "anyOf", "allOf", "not" };

        private static readonly HashSet<string> s_known = new HashSet<string>(Keywords, StringComparer.Ordinal);
        private static readonly HashSet<string> s_ignored = new HashSet<string>(Concat(IgnoredKeywords, UntypedKeywords), StringComparer.Ordinal);

        private readonly ParseContext _ctx;
        private readonly NameScope _typeNames;
        private readonly string _naming;
        private readonly Dictionary<string, NamedSchema> _named = new Dictionary<string, NamedSchema>(StringComparer.Ordinal);
        private readonly List<NamedSchema> _namedInOrder = new List<NamedSchema>();
        private readonly List<ClassModel?> _classes = new List<ClassModel?>();
        private readonly Dictionary<JsonNode, TypeRef> _resolved = new Dictionary<JsonNode, TypeRef>();

        private readonly bool _lazyClasses;

        /// <param name="lazyClasses">
        /// Build a named class only when something references it (an operation selection is in force); otherwise every
        /// named schema is built, so its problems are reported even when unused.
        /// </param>
        public SchemaResolver(ParseContext ctx, NameScope typeNames, string naming, bool lazyClasses = false)
        {
            _ctx = ctx;
            _typeNames = typeNames;
            _naming = naming;
            _lazyClasses = lazyClasses;
        }

        private sealed class NamedSchema
        {
            public NamedSchema(string name, JsonObject node, string path)
            {
                Name = name;
                Node = node;
                Path = path;
            }

            public string Name { get; }

            public JsonObject Node { get; }

            public string Path { get; }

            public string? ClassName { get; set; }

            public TypeRef? Alias { get; set; }

            public bool Resolving { get; set; }
        }

        /// <summary>The classes created so far, owners before the inline classes they hold.</summary>
        public List<ClassModel> Classes
        {
            get
            {
                var list = new List<ClassModel>(_classes.Count);
                foreach (ClassModel? model in _classes)
                {
                    if (model is not null)
                    {
                        list.Add(model);
                    }
                }

                return list;
            }
        }

        // ---- named schemas ----

        /// <summary>Registers the <c>schemas</c> section; object schemas with properties get their class name now, so any order of $refs works.</summary>
        public void RegisterNamed(JsonObject schemas, string path)
        {
            foreach (JsonProperty property in schemas.Properties)
            {
                string schemaPath = ParseContext.Child(path, property.Name);
                if (_named.TryGetValue(property.Name, out NamedSchema? first))
                {
                    _ctx.Report(DiagnosticDescriptors.InvalidValue, property.NameSpan, property.NameLineSpan, schemaPath, "the schema name \"" + property.Name + "\" appears twice");
                    continue;
                }

                if (_ctx.AsObject(property.Value, schemaPath) is not JsonObject node)
                {
                    continue;
                }

                var named = new NamedSchema(property.Name, node, schemaPath);
                if (IsClassSchema(node))
                {
                    named.ClassName = _typeNames.Allocate(Identifiers.ToPascal(property.Name));
                }

                _named.Add(property.Name, named);
                _namedInOrder.Add(named);
            }
        }

        /// <summary>Builds the named classes, and resolves the other named schemas once so their problems are reported even when unused.</summary>
        public void ResolveNamed()
        {
            if (_lazyClasses)
            {
                return;
            }

            foreach (NamedSchema named in _namedInOrder)
            {
                if (named.ClassName is not null)
                {
                    EnsureClass(named);
                }
                else
                {
                    ResolveAlias(named, named.Node);
                }
            }
        }

        private void EnsureClass(NamedSchema named)
        {
            if (named.ClassName is not null && !_resolved.ContainsKey(named.Node))
            {
                _resolved[named.Node] = new TypeRef(TypeKind.Class, false, named.ClassName);
                _ctx.CheckKeys(named.Node, named.Path, s_known, s_ignored);
                BuildClass(named.ClassName, named.Node, named.Path, ClassKind.Schema, named.Name, Description(named.Node));
            }
        }

        /// <summary>An object schema with <c>properties</c>: it becomes a class.</summary>
        public static bool IsClassSchema(JsonObject schema)
        {
            if (schema.Find("$ref") is not null || schema.Find("properties") is null)
            {
                return false;
            }

            foreach (string keyword in UntypedKeywords)
            {
                if (schema.Find(keyword) is not null)
                {
                    return false;
                }
            }

            JsonNode? type = schema.Find("type")?.Value;
            return type is null || (type is JsonString s && s.Value == "object");
        }

        /// <summary>
        /// The object schema a request body's properties come from: the body schema itself, or the named schema its
        /// <c>$ref</c> points at. Null when the body is not an object with properties (it is then passed whole).
        /// </summary>
        public (JsonObject Schema, string Path)? ObjectBody(JsonNode bodySchema, string path)
        {
            if (bodySchema is not JsonObject obj)
            {
                return null;
            }

            if (IsClassSchema(obj))
            {
                return (obj, path);
            }

            if (obj.Find("$ref")?.Value is JsonString reference
                && reference.Value.StartsWith(RefPrefix, StringComparison.Ordinal)
                && _named.TryGetValue(UnescapePointer(reference.Value.Substring(RefPrefix.Length)), out NamedSchema? named)
                && named.ClassName is not null)
            {
                return (named.Node, named.Path);
            }

            return null;
        }

        // ---- classes ----

        public int ReserveSlot()
        {
            _classes.Add(null);
            return _classes.Count - 1;
        }

        public void FillSlot(int slot, ClassModel model) => _classes[slot] = model;

        private void BuildClass(string className, JsonObject schema, string path, ClassKind kind, string origin, string? description)
        {
            int slot = ReserveSlot();
            var members = MemberScope(className);
            List<PropertyModel> properties = ReadProperties(schema, path, className, members, PropertyRole.Body);
            FillSlot(slot, new ClassModel(className, kind, origin, description, new EquatableArray<PropertyModel>(properties.ToArray())));
        }

        /// <summary>The member names a class's properties must avoid: object's members and the class's own name.</summary>
        public static NameScope MemberScope(string className)
        {
            var scope = new NameScope(ReservedNames.ObjectMembers);
            scope.Reserve(className);
            return scope;
        }

        /// <summary>A C# property name for a JSON name: PascalCase, <c>Value</c>-suffixed when it equals the class name, unique in the class.</summary>
        public static string PropertyName(string jsonName, string className, NameScope members)
        {
            string pascal = Identifiers.ToPascal(jsonName);
            if (pascal == className)
            {
                pascal += "Value";
            }

            return members.Allocate(pascal);
        }

        /// <summary>Whether the provider's naming policy misses the JSON name, so the property needs <c>[JsonPropertyName]</c>.</summary>
        public bool NeedsJsonName(string csharpName, string jsonName) => JsonNaming.Apply(_naming, csharpName) != jsonName;

        /// <summary>
        /// Reads <c>properties</c>/<c>required</c> of an object schema into properties of <paramref name="className"/>.
        /// With <paramref name="multipart"/> (the parts of a <c>multipart/form-data</c> body), a <c>type: string, format: binary</c>
        /// property is a file part (<c>FilePart</c>).
        /// </summary>
        public List<PropertyModel> ReadProperties(JsonObject schema, string path, string className, NameScope members, PropertyRole role, bool multipart = false)
        {
            var result = new List<PropertyModel>();
            string propertiesPath = ParseContext.Child(path, "properties");
            JsonObject? properties = _ctx.Object(schema, "properties", path);
            HashSet<string> required = ReadRequired(schema, path, properties);
            if (properties is null)
            {
                return result;
            }

            var seen = new HashSet<string>(StringComparer.Ordinal);
            var seenIgnoringCase = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (JsonProperty property in properties.Properties)
            {
                string propertyPath = ParseContext.Child(propertiesPath, property.Name);
                if (!seen.Add(property.Name))
                {
                    _ctx.Report(DiagnosticDescriptors.InvalidValue, property.NameSpan, property.NameLineSpan, propertyPath, "the property \"" + property.Name + "\" appears twice");
                    continue;
                }

                if (seenIgnoringCase.TryGetValue(property.Name, out string? first))
                {
                    _ctx.Report(DiagnosticDescriptors.CaseOnlyPropertyClash, property.NameSpan, property.NameLineSpan, property.Name, propertiesPath, first);
                    continue;
                }

                seenIgnoringCase.Add(property.Name, property.Name);

                string name = PropertyName(property.Name, className, members);
                TypeRef type = Resolve(property.Value, propertyPath, className + Identifiers.ToPascal(property.Name));
                if (multipart && IsBinary(property.Value))
                {
                    type = new TypeRef(TypeKind.File, type.Nullable);
                }

                bool isRequired = required.Contains(property.Name);
                if (!isRequired)
                {
                    type = type.WithNullable(true);
                }

                result.Add(new PropertyModel(name, property.Name, type, isRequired, NeedsJsonName(name, property.Name), role, Doc(property.Value)));
            }

            return result;
        }

        private HashSet<string> ReadRequired(JsonObject schema, string path, JsonObject? properties)
        {
            var required = new HashSet<string>(StringComparer.Ordinal);
            EquatableArray<string>? names = _ctx.StringArray(schema, "required", path);
            if (names is null)
            {
                return required;
            }

            JsonArray array = (JsonArray)schema.Find("required")!.Value;
            for (int i = 0; i < names.Value.Count && i < array.Items.Count; i++)
            {
                string name = names.Value[i];
                required.Add(name);
                if (properties is not null && properties.Find(name) is null)
                {
                    JsonNode node = FindString(array, name) ?? array;
                    _ctx.Invalid(node, ParseContext.Child(path, "required"), "\"" + name + "\" is listed as required but is not one of the properties");
                }
            }

            return required;
        }

        private static JsonNode? FindString(JsonArray array, string value)
        {
            foreach (JsonNode item in array.Items)
            {
                if (item is JsonString s && s.Value == value)
                {
                    return item;
                }
            }

            return null;
        }

        // ---- types ----

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

            string? type = null;
            if (schema.Find("type") is JsonProperty typeProperty)
            {
                if (typeProperty.Value is JsonString s)
                {
                    type = s.Value;
                }
                else if (typeProperty.Value is JsonArray)
                {
                    _ctx.Untyped(typeProperty.Value, path, "a list of types is not supported yet; use one type and \"nullable\"");
                    return TypeRef.Json(nullable);
                }
                else
                {
                    _ctx.Invalid(typeProperty.Value, ParseContext.Child(path, "type"), "expected a string, found " + typeProperty.Value.KindDescription);
                    return TypeRef.Json(nullable);
                }
            }
            else if (schema.Find("properties") is not null || schema.Find("additionalProperties") is not null)
            {
                type = "object";
            }
            else if (schema.Find("items") is not null)
            {
                type = "array";
            }
            else if (schema.Find("enum")?.Value is JsonArray values)
            {
                foreach (JsonNode value in values.Items)
                {
                    if (value is not JsonString)
                    {
                        _ctx.Untyped(schema.Find("enum")!.Value, path, "an enum without a type whose values are not all strings");
                        return TypeRef.Json(nullable);
                    }
                }

                type = "string";
            }
            else
            {
                // No type at all: any JSON value.
                return TypeRef.Json(nullable);
            }

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

        // ---- documentation ----

        private static string? Description(JsonObject schema) => (schema.Find("description")?.Value as JsonString)?.Value;

        /// <summary>
        /// Documentation facts of a schema: its description, allowed values, default and format; through a <c>$ref</c>, the
        /// target's description, and for a named non-object schema (a named enum...) its facts too.
        /// </summary>
        public DocModel Doc(JsonNode? node, string? description = null)
        {
            if (node is not JsonObject schema)
            {
                return description is null ? DocModel.Empty : DocModel.Empty with { Description = description };
            }

            DocModel own = OwnDoc(schema, description ?? Description(schema));
            if (schema.Find("$ref")?.Value is JsonString reference
                && reference.Value.StartsWith(RefPrefix, StringComparison.Ordinal)
                && _named.TryGetValue(UnescapePointer(reference.Value.Substring(RefPrefix.Length)), out NamedSchema? named))
            {
                DocModel target = OwnDoc(named.Node, Description(named.Node));
                if (named.ClassName is not null)
                {
                    return own with { Description = own.Description ?? target.Description };
                }

                return new DocModel(
                    own.Description ?? target.Description,
                    own.EnumValues.IsEmpty ? target.EnumValues : own.EnumValues,
                    own.DefaultValue ?? target.DefaultValue,
                    own.Format ?? target.Format);
            }

            return own;
        }

        private static DocModel OwnDoc(JsonObject schema, string? description)
        {
            var values = new List<string>();
            if (schema.Find("enum")?.Value is JsonArray array)
            {
                foreach (JsonNode item in array.Items)
                {
                    values.Add(item is JsonString s ? s.Value : item.ToJsonText());
                }
            }

            JsonNode? defaultNode = schema.Find("default")?.Value;
            string? defaultValue = defaultNode is null ? null : defaultNode is JsonString ds ? ds.Value : defaultNode.ToJsonText();
            string? format = (schema.Find("format")?.Value as JsonString)?.Value;
            return new DocModel(description, new EquatableArray<string>(values.ToArray()), defaultValue, format);
        }

        private static IEnumerable<string> Concat(string[] first, string[] second)
        {
            foreach (string s in first)
            {
                yield return s;
            }

            foreach (string s in second)
            {
                yield return s;
            }
        }
    }
}
