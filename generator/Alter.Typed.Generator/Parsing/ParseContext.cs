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
    internal sealed class ParseContext
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

        // ---- typed fields ----

        public JsonNode? Field(JsonObject owner, string key, string ownerPath, bool required)
        {
            JsonProperty? property = owner.Find(key);
            if (property is null)
            {
                if (required)
                {
                    Missing(owner, key, ownerPath);
                }

                return null;
            }

            return property.Value;
        }

        public string? String(JsonObject owner, string key, string ownerPath, bool required = false)
        {
            JsonNode? node = Field(owner, key, ownerPath, required);
            if (node is null)
            {
                return null;
            }

            if (node is JsonString s)
            {
                return s.Value;
            }

            Invalid(node, Child(ownerPath, key), "expected a string, found " + node.KindDescription);
            return null;
        }

        /// <summary>A required, non-empty string.</summary>
        public string? NonEmptyString(JsonObject owner, string key, string ownerPath, bool required = true)
        {
            string? value = String(owner, key, ownerPath, required);
            if (value is not null && value.Trim().Length == 0)
            {
                Invalid(owner.Find(key)!.Value, Child(ownerPath, key), "must not be empty");
                return null;
            }

            return value;
        }

        public bool? Boolean(JsonObject owner, string key, string ownerPath, bool required = false)
        {
            JsonNode? node = Field(owner, key, ownerPath, required);
            if (node is null)
            {
                return null;
            }

            if (node is JsonBoolean b)
            {
                return b.Value;
            }

            Invalid(node, Child(ownerPath, key), "expected true or false, found " + node.KindDescription);
            return null;
        }

        public int? Int32(JsonNode node, string path)
        {
            if (node is JsonNumber n && n.TryGetInt32(out int value))
            {
                return value;
            }

            Invalid(node, path, node is JsonNumber ? "expected a whole number, found " + ((JsonNumber)node).RawText : "expected a number, found " + node.KindDescription);
            return null;
        }

        public JsonObject? Object(JsonObject owner, string key, string ownerPath, bool required = false)
        {
            JsonNode? node = Field(owner, key, ownerPath, required);
            return node is null ? null : AsObject(node, Child(ownerPath, key));
        }

        public JsonArray? Array(JsonObject owner, string key, string ownerPath, bool required = false)
        {
            JsonNode? node = Field(owner, key, ownerPath, required);
            if (node is null)
            {
                return null;
            }

            if (node is JsonArray array)
            {
                return array;
            }

            Invalid(node, Child(ownerPath, key), "expected an array, found " + node.KindDescription);
            return null;
        }

        public EquatableArray<string>? StringArray(JsonObject owner, string key, string ownerPath, bool required = false)
        {
            JsonArray? array = Array(owner, key, ownerPath, required);
            if (array is null)
            {
                return null;
            }

            var values = new List<string>(array.Items.Length);
            string path = Child(ownerPath, key);
            for (int i = 0; i < array.Items.Length; i++)
            {
                if (array.Items[i] is JsonString s)
                {
                    values.Add(s.Value);
                }
                else
                {
                    Invalid(array.Items[i], Item(path, i), "expected a string, found " + array.Items[i].KindDescription);
                }
            }

            return new EquatableArray<string>(values.ToArray());
        }

        /// <summary>An object whose values are all strings (headers, authorization parameters).</summary>
        public EquatableArray<KeyValue>? StringMap(JsonObject owner, string key, string ownerPath)
        {
            JsonObject? obj = Object(owner, key, ownerPath);
            if (obj is null)
            {
                return null;
            }

            string path = Child(ownerPath, key);
            var values = new List<KeyValue>(obj.Properties.Length);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (JsonProperty property in obj.Properties)
            {
                if (!seen.Add(property.Name))
                {
                    Report(DiagnosticDescriptors.InvalidValue, property.NameSpan, property.NameLineSpan, Child(path, property.Name), "the key \"" + property.Name + "\" appears twice in the same object");
                }
                else if (property.Value is JsonString s)
                {
                    values.Add(new KeyValue(property.Name, s.Value));
                }
                else
                {
                    Invalid(property.Value, Child(path, property.Name), "expected a string, found " + property.Value.KindDescription);
                }
            }

            return new EquatableArray<KeyValue>(values.ToArray());
        }

        /// <summary>An absolute http(s) URL, or null (reported) when it is not one.</summary>
        /// <summary>The declared connection values: URLs and hosts may hold them as <c>{name}</c>.</summary>
        public HashSet<string> Placeholders { get; } = new HashSet<string>(StringComparer.Ordinal);

        /// <summary>The text with every declared <c>{placeholder}</c> replaced by a plain label, for validation.</summary>
        public string WithoutPlaceholders(string text)
        {
            // {client_id} is the runtime's own: the app's OAuth client id (GitHub's revocation URL uses it).
            text = text.Replace("{client_id}", "placeholder");
            foreach (string name in Placeholders)
            {
                text = text.Replace("{" + name + "}", "placeholder");
            }

            return text;
        }

        public string? Url(JsonObject owner, string key, string ownerPath, bool required = false)
        {
            string? value = String(owner, key, ownerPath, required);
            if (value is null)
            {
                return null;
            }

            string probe = WithoutPlaceholders(value);
            if (Uri.TryCreate(probe, UriKind.Absolute, out Uri? uri) && (uri.Scheme == "https" || uri.Scheme == "http") && probe.IndexOf('{') < 0)
            {
                return value;
            }

            if (probe.IndexOf('{') >= 0 && Uri.TryCreate(value.Replace("{", "").Replace("}", ""), UriKind.Absolute, out _))
            {
                Invalid(owner.Find(key)!.Value, Child(ownerPath, key), "'" + value + "' uses a {placeholder} that connectionValues does not declare");
                return null;
            }

            Invalid(owner.Find(key)!.Value, Child(ownerPath, key), "'" + value + "' is not an absolute http or https URL");
            return null;
        }

        /// <summary>
        /// A documentation link: an absolute http(s) URL, braces allowed (<c>.../users/{userId}</c> names a reference page,
        /// not a per-connection value: nothing is ever sent there).
        /// </summary>
        public string? DocsUrl(JsonObject owner, string key, string ownerPath)
        {
            string? value = String(owner, key, ownerPath);
            if (value is null)
            {
                return null;
            }

            if (Uri.TryCreate(value, UriKind.Absolute, out Uri? uri) && (uri.Scheme == "https" || uri.Scheme == "http"))
            {
                return value;
            }

            Invalid(owner.Find(key)!.Value, Child(ownerPath, key), "'" + value + "' is not an absolute http or https URL");
            return null;
        }

        /// <summary>One of <paramref name="accepted"/> (exact, case-sensitive), or null (reported).</summary>
        public string? OneOf(JsonObject owner, string key, string ownerPath, string[] accepted, bool required = false)
        {
            string? value = String(owner, key, ownerPath, required);
            if (value is null)
            {
                return null;
            }

            if (System.Array.IndexOf(accepted, value) >= 0)
            {
                return value;
            }

            Invalid(owner.Find(key)!.Value, Child(ownerPath, key), "'" + value + "' is not one of: " + string.Join(", ", accepted));
            return null;
        }
    }
}
