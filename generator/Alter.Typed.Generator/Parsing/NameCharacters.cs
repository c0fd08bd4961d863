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
        private static bool IsProse(string key) => key switch
        {
            "description" or "summary" or "title" or "default" or "example" or "examples" or "enum" or "const" or "pattern" or "format" or "$comment" => true,
            _ => key.StartsWith("x-", StringComparison.Ordinal),
        };

        /// <summary>Keys whose value is a map from a name (a property, a schema, a header, a parameter) to its value.</summary>
        private static bool IsMap(string key) => key is "properties" or "schemas" or "headers" or "authorizationParameters";

        public static void Check(ParseContext ctx, JsonObject root) => Walk(ctx, root, new List<Segment>(), inMap: false);

        /// <summary>
        /// Walks <paramref name="node"/>; <paramref name="segments"/> holds the keys and indexes from the root,
        /// turned into a JSON path only for a report: every node of a large description has a path, few are reported.
        /// </summary>
        private static void Walk(ParseContext ctx, JsonNode node, List<Segment> segments, bool inMap)
        {
            switch (node)
            {
                case JsonObject obj:
                    foreach (JsonProperty property in obj.Properties)
                    {
                        segments.Add(new Segment(property.Name, 0));
                        int bad = UnsafeText.IndexOfUnsafeInName(property.Name);
                        if (bad >= 0)
                        {
                            ctx.Report(DiagnosticDescriptors.UnsafeCharacter, property.NameSpan, property.NameLineSpan, "key", UnsafeText.Show(Path(segments)), UnsafeText.CodePoint(property.Name[bad]));
                        }
                        else if (inMap || !IsProse(property.Name))
                        {
                            // In a map the key is a name (a property may be called "description"); its value is walked.
                            Walk(ctx, property.Value, segments, inMap: !inMap && IsMap(property.Name));
                        }

                        segments.RemoveAt(segments.Count - 1);
                    }

                    break;
                case JsonArray array:
                    for (int i = 0; i < array.Items.Length; i++)
                    {
                        segments.Add(new Segment(null, i));
                        Walk(ctx, array.Items[i], segments, inMap: false);
                        segments.RemoveAt(segments.Count - 1);
                    }

                    break;
                case JsonString text:
                    int index = UnsafeText.IndexOfUnsafeInName(text.Value);
                    if (index >= 0)
                    {
                        ctx.Report(DiagnosticDescriptors.UnsafeCharacter, text, "value", UnsafeText.Show(Path(segments)), UnsafeText.CodePoint(text.Value[index]));
                    }

                    break;
            }
        }

        private static string Path(List<Segment> segments)
        {
            string path = "$";
            foreach (Segment segment in segments)
            {
                path = segment.Key is not null ? ParseContext.Child(path, segment.Key) : ParseContext.Item(path, segment.Index);
            }

            return path;
        }

        /// <summary>A key of an object, or (Key null) an index into an array.</summary>
        private readonly struct Segment
        {
            public Segment(string? key, int index)
            {
                Key = key;
                Index = index;
            }

            public string? Key { get; }

            public int Index { get; }
        }
    }
}
