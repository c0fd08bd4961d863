using System;
using System.Collections.Generic;
using Alter.Typed.Generator.Diagnostics;
using Alter.Typed.Generator.Json;
using Alter.Typed.Generator.Naming;

namespace Alter.Typed.Generator.Parsing
{
    /// <summary>
    /// Refuses (ALTER020) a control, format or separator character in any key of a description and in any string
    /// value that is not prose: ids, names, paths, groups, parameter names, property keys, schema names, scopes,
    /// URLs, media types, header values. Prose (descriptions, defaults, examples, enums, formats, x- extensions) may hold such
    /// characters: the emitters escape it. One walk over the whole tree, so a field added to the format later is covered.
    /// </summary>
    internal static class NameCharacters
    {
        /// <summary>Keys whose values are prose or example data; keys inside them are data too (unless the key names a property).</summary>
        private static readonly HashSet<string> s_prose = new HashSet<string>(StringComparer.Ordinal)
        {
            "description", "summary", "title", "default", "example", "examples", "enum", "const", "pattern", "format", "$comment",
        };

        /// <summary>Keys whose value is a map from a name (a property, a schema, a header, a parameter) to its value.</summary>
        private static readonly HashSet<string> s_maps = new HashSet<string>(StringComparer.Ordinal)
        {
            "properties", "schemas", "headers", "authorizationParameters",
        };

        public static void Check(ParseContext ctx, JsonObject root) => Walk(ctx, root, "$", inMap: false);

        private static void Walk(ParseContext ctx, JsonNode node, string path, bool inMap)
        {
            switch (node)
            {
                case JsonObject obj:
                    foreach (JsonProperty property in obj.Properties)
                    {
                        string childPath = ParseContext.Child(path, property.Name);
                        int bad = UnsafeText.IndexOfUnsafeInName(property.Name);
                        if (bad >= 0)
                        {
                            ctx.Report(DiagnosticDescriptors.UnsafeCharacter, property.NameSpan, property.NameLineSpan, "key", UnsafeText.Show(childPath), UnsafeText.CodePoint(property.Name[bad]));
                            continue;
                        }

                        // In a map the key is a name (a property may be called "description"); its value is walked.
                        if (!inMap && (s_prose.Contains(property.Name) || property.Name.StartsWith("x-", StringComparison.Ordinal)))
                        {
                            continue;
                        }

                        Walk(ctx, property.Value, childPath, inMap: !inMap && s_maps.Contains(property.Name));
                    }

                    break;
                case JsonArray array:
                    for (int i = 0; i < array.Items.Length; i++)
                    {
                        Walk(ctx, array.Items[i], ParseContext.Item(path, i), inMap: false);
                    }

                    break;
                case JsonString text:
                    int index = UnsafeText.IndexOfUnsafeInName(text.Value);
                    if (index >= 0)
                    {
                        ctx.Report(DiagnosticDescriptors.UnsafeCharacter, text, "value", UnsafeText.Show(path), UnsafeText.CodePoint(text.Value[index]));
                    }

                    break;
            }
        }
    }
}
