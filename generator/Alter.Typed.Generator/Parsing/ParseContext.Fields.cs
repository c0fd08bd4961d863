using System;
using System.Collections.Generic;
using System.Globalization;
using Alter.Typed.Generator.Diagnostics;
using Alter.Typed.Generator.Json;
using Alter.Typed.Generator.Model;

namespace Alter.Typed.Generator.Parsing
{
    /// <summary>Typed field access: each reader reports at the node it looked at and returns null for a missing or invalid value.</summary>
    internal sealed partial class ParseContext
    {
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
            JsonProperty[] properties = obj.Properties;
            var values = new List<KeyValue>(properties.Length);
            Dictionary<string, JsonProperty>? seen = properties.Length > SmallObject ? new Dictionary<string, JsonProperty>(StringComparer.Ordinal) : null;
            for (int i = 0; i < properties.Length; i++)
            {
                JsonProperty property = properties[i];
                if (FirstWithName(properties, i, seen) is not null)
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

        /// <summary>An absolute http(s) URL, or null (reported) when it is not one.</summary>
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
