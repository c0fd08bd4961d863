using System;
using System.Collections.Generic;
using Alter.Typed.Generator.Diagnostics;
using Alter.Typed.Generator.Json;
using Alter.Typed.Generator.Model;
using Alter.Typed.Generator.Naming;

namespace Alter.Typed.Generator.Parsing
{
    /// <summary>Documentation facts of schemas (description, allowed values, default, format).</summary>
    internal sealed partial class SchemaResolver
    {
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
    }
}
