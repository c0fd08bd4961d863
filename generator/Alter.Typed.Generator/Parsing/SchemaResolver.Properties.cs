using System;
using System.Collections.Generic;
using Alter.Typed.Generator.Diagnostics;
using Alter.Typed.Generator.Json;
using Alter.Typed.Generator.Model;
using Alter.Typed.Generator.Naming;

namespace Alter.Typed.Generator.Parsing
{
    /// <summary>Model classes and their properties (<c>properties</c>, <c>required</c>).</summary>
    internal sealed partial class SchemaResolver
    {
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
            for (int i = 0; i < names.Count && i < array.Items.Length; i++)
            {
                string name = names[i];
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
    }
}
