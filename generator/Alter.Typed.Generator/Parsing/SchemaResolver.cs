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
    internal sealed partial class SchemaResolver
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
        private readonly Dictionary<JsonNode, TypeRef> _resolved = new Dictionary<JsonNode, TypeRef>(JsonNodeIdentity.Instance);

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
