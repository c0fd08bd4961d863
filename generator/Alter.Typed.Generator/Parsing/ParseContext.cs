using System;
using System.Collections.Generic;
using System.Globalization;
using Alter.Typed.Generator.Diagnostics;
using Alter.Typed.Generator.Json;
using Alter.Typed.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace Alter.Typed.Generator.Parsing
{
    /// <summary>
    /// Diagnostics and typed field access for one description. Every reader reports at the node it looked at,
    /// and returns null for a missing or invalid value so parsing goes on and finds the next problem too.
    /// </summary>
    internal sealed partial class ParseContext
    {
        private readonly List<DiagnosticInfo> _diagnostics = new List<DiagnosticInfo>();
        private readonly HashSet<(string Id, int Start, string Args)> _reported = new HashSet<(string, int, string)>();

        public ParseContext(string filePath) => FilePath = filePath;

        public string FilePath { get; }

        public bool HasErrors { get; private set; }

        public EquatableArray<DiagnosticInfo> Diagnostics => new EquatableArray<DiagnosticInfo>(_diagnostics.ToArray());

        // ---- reporting ----

        public void Report(DiagnosticDescriptor descriptor, TextSpan span, LinePositionSpan lineSpan, params string[] args)
        {
            // The same node can be visited twice (a schema reused by a flattened request body): report it once.
            if (!_reported.Add((descriptor.Id, span.Start, string.Join("\u0001", args))))
            {
                return;
            }

            _diagnostics.Add(DiagnosticInfo.Create(descriptor, FilePath, span, lineSpan, args));
            if (descriptor.DefaultSeverity == DiagnosticSeverity.Error)
            {
                HasErrors = true;
            }
        }

        public void Report(DiagnosticDescriptor descriptor, JsonNode node, params string[] args)
            => Report(descriptor, node.Span, node.LineSpan, args);

        /// <summary>Reports at the opening brace of an object (not the whole, possibly long, object).</summary>
        public void ReportAtStart(DiagnosticDescriptor descriptor, JsonNode node, params string[] args)
            => Report(
                descriptor,
                new TextSpan(node.Span.Start, 1),
                new LinePositionSpan(node.Start, new LinePosition(node.Start.Line, node.Start.Character + 1)),
                args);

        public void ReportAtName(DiagnosticDescriptor descriptor, JsonProperty property, params string[] args)
            => Report(descriptor, property.NameSpan, property.NameLineSpan, args);

        public void Invalid(JsonNode node, string path, string message)
            => Report(DiagnosticDescriptors.InvalidValue, node, path, message);

        public void Missing(JsonObject owner, string field, string ownerPath)
            => ReportAtStart(DiagnosticDescriptors.MissingRequiredField, owner, field, ownerPath);

        public void Untyped(JsonNode node, string path, string reason)
            => Report(DiagnosticDescriptors.UntypedSchema, node, path, reason);

        // ---- paths ----

        public static string Child(string path, string key)
        {
            bool simple = key.Length > 0 && !char.IsDigit(key[0]);
            foreach (char c in key)
            {
                if (!(char.IsLetterOrDigit(c) || c == '_' || c == '$' || c == '-'))
                {
                    simple = false;
                    break;
                }
            }

            return simple ? path + "." + key : path + "['" + key.Replace("'", "\\'") + "']";
        }

        public static string Item(string path, int index) => path + "[" + index.ToString(CultureInfo.InvariantCulture) + "]";

        /// <summary>1-based line of a node, for messages that point at another place.</summary>
        public static string LineOf(LinePositionSpan span) => (span.Start.Line + 1).ToString(CultureInfo.InvariantCulture);

        // ---- shape checks ----

        /// <summary>
        /// Checks an object's keys: a repeated key is an error (ALTER004), an unknown one a warning (ALTER008).
        /// Keys starting with <c>x-</c> (extensions), <c>$comment</c> and the <paramref name="ignored"/> ones pass silently.
        /// </summary>
        /// <summary>Up to this many members, a duplicate is found by a scan (see <see cref="FirstWithName"/>).</summary>
        private const int SmallObject = 16;

        public void CheckKeys(JsonObject obj, string path, ICollection<string> known, ICollection<string>? ignored = null)
        {
            JsonProperty[] properties = obj.Properties;
            Dictionary<string, JsonProperty>? seen = properties.Length > SmallObject ? new Dictionary<string, JsonProperty>(StringComparer.Ordinal) : null;
            for (int i = 0; i < properties.Length; i++)
            {
                JsonProperty property = properties[i];
                if (FirstWithName(properties, i, seen) is JsonProperty first)
                {
                    Report(
                        DiagnosticDescriptors.InvalidValue,
                        property.NameSpan,
                        property.NameLineSpan,
                        Child(path, property.Name),
                        "the key \"" + property.Name + "\" appears twice in the same object (first at line " + LineOf(first.NameLineSpan) + ")");
                    continue;
                }

                if (known.Contains(property.Name)
                    || (ignored is not null && ignored.Contains(property.Name))
                    || property.Name.StartsWith("x-", StringComparison.Ordinal)
                    || property.Name == "$comment")
                {
                    continue;
                }

                ReportAtName(DiagnosticDescriptors.UnknownField, property, property.Name, path);
            }
        }

        /// <summary>
        /// An earlier member with the name of <c>properties[index]</c>, or null. Most objects checked are small (a schema, a
        /// parameter), and a set for each was a tenth of a large parse's garbage: those are scanned; a larger one (a hostile
        /// description's, say) goes through <paramref name="seen"/>, so the check stays linear.
        /// </summary>
        private static JsonProperty? FirstWithName(JsonProperty[] properties, int index, Dictionary<string, JsonProperty>? seen)
        {
            string name = properties[index].Name;
            if (seen is not null)
            {
                if (seen.TryGetValue(name, out JsonProperty? first))
                {
                    return first;
                }

                seen.Add(name, properties[index]);
                return null;
            }

            for (int j = 0; j < index; j++)
            {
                if (string.Equals(properties[j].Name, name, StringComparison.Ordinal))
                {
                    return properties[j];
                }
            }

            return null;
        }

        public JsonObject? AsObject(JsonNode node, string path)
        {
            if (node is JsonObject obj)
            {
                return obj;
            }

            Invalid(node, path, "expected an object, found " + node.KindDescription);
            return null;
        }
    }
}
