using System;
using System.Collections.Generic;
using Alter.Typed.Generator.Diagnostics;
using Alter.Typed.Generator.Json;
using Alter.Typed.Generator.Model;
using Alter.Typed.Generator.Naming;

namespace Alter.Typed.Generator.Parsing
{
    /// <summary>
    /// An operation's <c>pagination</c> object: checked against the operation (its parameters, body and typed response) once
    /// every class is built, so the <c>items</c> pointer can be followed through the response's classes. Anything wrong is
    /// ALTER011 at the offending value; nothing from it reaches generated code unchecked.
    /// </summary>
    internal sealed partial class DescriptionParser
    {
        public static readonly string[] PaginationKeys =
        {
            "style", "items", "name", "cursorParameter", "nextCursor", "hasMore", "enableParameter", "nextLink", "offsetParameter", "limitParameter", "total",
        };

        /// <summary>The fields each style requires and accepts besides <c>style</c>, <c>items</c> and <c>name</c>.</summary>
        private static readonly Dictionary<string, (string[] Required, string[] Optional)> s_styleFields =
            new Dictionary<string, (string[] Required, string[] Optional)>(StringComparer.Ordinal)
            {
                [PaginationStyles.Cursor] = (new[] { "cursorParameter", "nextCursor" }, new[] { "hasMore", "enableParameter" }),
                [PaginationStyles.LinkHeader] = (new string[0], new string[0]),
                [PaginationStyles.NextLink] = (new[] { "nextLink" }, new string[0]),
                [PaginationStyles.Offset] = (new[] { "offsetParameter" }, new[] { "limitParameter", "total" }),
            };

        private void ReadPaginations(List<OperationDraft> drafts, List<ClassModel> classes)
        {
            Dictionary<string, ClassModel>? byName = null;
            foreach (OperationDraft draft in drafts)
            {
                if (draft.Model is null || draft.Node.Find("pagination") is not JsonProperty property)
                {
                    continue;
                }

                string path = ParseContext.Child(draft.Path, "pagination");
                if (_ctx.AsObject(property.Value, path) is not JsonObject node)
                {
                    continue;
                }

                if (byName is null)
                {
                    byName = new Dictionary<string, ClassModel>(StringComparer.Ordinal);
                    foreach (ClassModel type in classes)
                    {
                        byName[type.Name] = type;
                    }
                }

                if (ReadPagination(draft, draft.Model, node, path, byName) is PaginationModel pagination)
                {
                    draft.Model = draft.Model with { Pagination = pagination };
                }
            }
        }

        private PaginationModel? ReadPagination(OperationDraft draft, OperationModel operation, JsonObject node, string path, Dictionary<string, ClassModel> classes)
        {
            _ctx.CheckKeys(node, path, PaginationKeys);
            string? style = _ctx.String(node, "style", path, required: true);
            if (style is null)
            {
                return null;
            }

            if (!s_styleFields.TryGetValue(style, out (string[] Required, string[] Optional) fields))
            {
                PaginationError(node.Find("style")!.Value, path, "style", "'" + style + "' is not a pagination style; expected one of: " + string.Join(", ", PaginationStyles.All));
                return null;
            }

            int errors = 0;
            foreach (string key in new[] { "cursorParameter", "nextCursor", "hasMore", "enableParameter", "nextLink", "offsetParameter", "limitParameter", "total" })
            {
                if (node.Find(key) is JsonProperty extra && Array.IndexOf(fields.Required, key) < 0 && Array.IndexOf(fields.Optional, key) < 0)
                {
                    errors++;
                    PaginationError(extra.Value, path, key, "the " + style + " style does not take '" + key + "'" + StyleFieldsHint(style, fields));
                }
            }

            foreach (string key in fields.Required)
            {
                if (node.Find(key) is null)
                {
                    errors++;
                    _ctx.Missing(node, key, path);
                }
            }

            if ((style == PaginationStyles.LinkHeader || style == PaginationStyles.NextLink) && operation.HttpMethod != "Get")
            {
                errors++;
                PaginationError(node.Find("style")!.Value, path, "style", "a " + style + " page is fetched with GET, and this operation is " + operation.HttpMethod.ToUpperInvariant());
            }

            // The values: parameters of the operation, and JSON Pointers into its answer.
            bool cursor = style == PaginationStyles.Cursor, offset = style == PaginationStyles.Offset;
            (string Name, bool InBody)? parameter = cursor ? Parameter(draft, node, path, "cursorParameter", bodyAllowed: true, ref errors)
                : offset ? Parameter(draft, node, path, "offsetParameter", bodyAllowed: false, ref errors) : null;
            (string Name, bool InBody)? enable = cursor ? Parameter(draft, node, path, "enableParameter", bodyAllowed: false, ref errors) : null;
            if (enable is not null && draft.Parameters?.Find(p => p.Name == enable.Value.Name)?.Type.Kind != TypeKind.Boolean)
            {
                errors++;
                PaginationError(node.Find("enableParameter")!.Value, path, "enableParameter", "'" + enable.Value.Name + "' is not a boolean query parameter (every page sends it as true)");
            }

            (string Name, bool InBody)? limit = offset ? Parameter(draft, node, path, "limitParameter", bodyAllowed: false, ref errors) : null;
            string? next = cursor ? Pointer(node, path, "nextCursor", ref errors) : style == PaginationStyles.NextLink ? Pointer(node, path, "nextLink", ref errors) : null;
            string? hasMore = cursor ? Pointer(node, path, "hasMore", ref errors) : null;
            string? total = offset ? Pointer(node, path, "total", ref errors) : null;
            int before = errors;
            string items = Pointer(node, path, "items", ref errors) ?? string.Empty;
            (TypeRef Item, List<string> Properties)? list = errors == before ? Items(operation, node, path, items, classes) : null;
            string? streamer = StreamerName(draft, operation, node, path);
            foreach (string key in new[] { "nextCursor", "hasMore", "nextLink", "total" })
            {
                if (errors == 0 && node.Find(key) is JsonProperty found && found.Value is JsonString pointer)
                {
                    CheckPointerInResponse(operation, found.Value, ParseContext.Child(path, key), pointer.Value, classes);
                }
            }

            if (errors > 0 || list is null || streamer is null)
            {
                return null;
            }

            return new PaginationModel(
                style,
                streamer,
                list.Value.Item,
                items,
                new EquatableArray<string>(list.Value.Properties.ToArray()),
                parameter?.Name,
                parameter?.InBody ?? false,
                next,
                hasMore,
                limit?.Name,
                total,
                enable?.Name);
        }

        private static string StyleFieldsHint(string style, (string[] Required, string[] Optional) fields)
        {
            var all = new List<string>(fields.Required);
            all.AddRange(fields.Optional);
            return all.Count == 0 ? " (it takes only style, items and name)" : " (it takes " + string.Join(", ", all) + ")";
        }

        private void PaginationError(JsonNode node, string path, string key, string message)
            => _ctx.Report(DiagnosticDescriptors.InvalidPagination, node, ParseContext.Child(path, key), message);

        /// <summary>
        /// A parameter the walker sets on the next page: a query parameter of the operation, or (when allowed) a property of its
        /// JSON or form object body. Path and header parameters are refused: a page cannot move the URL or a header.
        /// </summary>
        private (string Name, bool InBody)? Parameter(OperationDraft draft, JsonObject node, string path, string key, bool bodyAllowed, ref int errors)
        {
            if (node.Find(key) is not JsonProperty property)
            {
                return null;
            }

            string? name = _ctx.NonEmptyString(node, key, path);
            if (name is null)
            {
                errors++;
                return null;
            }

            foreach (ParameterDraft candidate in draft.Parameters ?? new List<ParameterDraft>())
            {
                if (candidate.Name == name)
                {
                    if (candidate.In == "query")
                    {
                        return (name, false);
                    }

                    break;
                }
            }

            bool formOrJson = draft.Body?.Kind == "Json" || draft.Body?.Kind == "Form";
            if (bodyAllowed && formOrJson && draft.Body?.ObjectBody?.Schema.Find("properties")?.Value is JsonObject properties && properties.Find(name) is not null)
            {
                return (name, true);
            }

            errors++;
            PaginationError(property.Value, path, key, "'" + name + "' is not a query parameter" + (bodyAllowed ? " or a JSON or form body property" : string.Empty) + " of operation '" + draft.Id + "'");
            return null;
        }

        /// <summary>A JSON Pointer (RFC 6901): empty (the whole answer) or <c>/</c>-separated segments, <c>~</c> only as <c>~0</c> or <c>~1</c>.</summary>
        private string? Pointer(JsonObject node, string path, string key, ref int errors)
        {
            if (node.Find(key) is not JsonProperty property)
            {
                return null;
            }

            string? pointer = _ctx.String(node, key, path);
            if (pointer is null)
            {
                errors++;
                return null;
            }

            string? problem = PointerProblem(pointer, allowEmpty: key == "items");
            if (problem is not null)
            {
                errors++;
                PaginationError(property.Value, path, key, "'" + pointer + "' is not a JSON Pointer: " + problem);
                return null;
            }

            return pointer;
        }

        internal static string? PointerProblem(string pointer, bool allowEmpty)
        {
            if (pointer.Length == 0)
            {
                return allowEmpty ? null : "it names the whole answer; write /field or /field/nested (RFC 6901)";
            }

            if (pointer[0] != '/')
            {
                return "it starts with '/' (write /" + pointer + ")";
            }

            for (int i = 0; i < pointer.Length; i++)
            {
                if (pointer[i] == '~' && (i + 1 >= pointer.Length || (pointer[i + 1] != '0' && pointer[i + 1] != '1')))
                {
                    return "'~' is written ~0, and '/' inside a name ~1";
                }
            }

            return null;
        }

        /// <summary>Splits a checked pointer into its property names (<c>~1</c> → <c>/</c>, then <c>~0</c> → <c>~</c>).</summary>
        internal static string[] PointerSegments(string pointer)
        {
            if (pointer.Length == 0)
            {
                return new string[0];
            }

            string[] segments = pointer.Substring(1).Split('/');
            for (int i = 0; i < segments.Length; i++)
            {
                segments[i] = segments[i].Replace("~1", "/").Replace("~0", "~");
            }

            return segments;
        }

        /// <summary>Follows <c>items</c> through the typed response's classes to an array: its element type and the C# property path.</summary>
        private (TypeRef Item, List<string> Properties)? Items(OperationModel operation, JsonObject node, string path, string pointer, Dictionary<string, ClassModel> classes)
        {
            JsonNode at = node.Find("items")?.Value ?? node;
            string where = node.Find("items") is null ? "style" : "items";
            if (operation.ResponseType is not TypeRef type || operation.ResponseMediaType is not null)
            {
                PaginationError(at, path, where, "operation '" + operation.Id + "' has no typed JSON response to take items from");
                return null;
            }

            var properties = new List<string>();
            string walked = string.Empty;
            foreach (string segment in PointerSegments(pointer))
            {
                if (type.Kind != TypeKind.Class || type.ClassName is null || !classes.TryGetValue(type.ClassName, out ClassModel? owner))
                {
                    PaginationError(at, path, where, "'" + (walked.Length == 0 ? "the response" : walked) + "' is not an object with properties, so '" + pointer + "' cannot be followed");
                    return null;
                }

                PropertyModel? found = null;
                foreach (PropertyModel property in owner.Properties)
                {
                    if (property.JsonName == segment)
                    {
                        found = property;
                        break;
                    }
                }

                if (found is null)
                {
                    PaginationError(at, path, where, "the response has no property '" + segment + "' at '" + (walked.Length == 0 ? "/" : walked) + "'");
                    return null;
                }

                properties.Add(found.Name);
                type = found.Type;
                walked += "/" + segment;
            }

            if (type.Kind != TypeKind.List || type.Element is null)
            {
                string what = pointer.Length == 0 ? "the response itself" : "'" + pointer + "'";
                PaginationError(at, path, where, what + " is not an array" + (pointer.Length == 0 ? "; point \"items\" at the array of the answer (\"/results\")" : string.Empty));
                return null;
            }

            return (type.Element, properties);
        }

        /// <summary>ALTER012 when a pointer the runtime reads from each answer crosses a class that lacks the property it names.</summary>
        private void CheckPointerInResponse(OperationModel operation, JsonNode at, string path, string pointer, Dictionary<string, ClassModel> classes)
        {
            TypeRef? type = operation.ResponseType;
            string walked = string.Empty;
            foreach (string segment in PointerSegments(pointer))
            {
                if (type is null || type.Kind != TypeKind.Class || type.ClassName is null || !classes.TryGetValue(type.ClassName, out ClassModel? owner))
                {
                    return; // untyped from here (JsonElement, a dictionary): nothing to check against
                }

                PropertyModel? property = null;
                foreach (PropertyModel candidate in owner.Properties)
                {
                    if (candidate.JsonName == segment)
                    {
                        property = candidate;
                        break;
                    }
                }

                if (property is null)
                {
                    _ctx.Report(DiagnosticDescriptors.PaginationPointerNotInResponse, at, pointer, path, "'" + (walked.Length == 0 ? "/" : walked) + "' has no '" + segment + "'");
                    return;
                }

                type = property.Type;
                walked += "/" + segment;
            }
        }

        /// <summary>The streamer's method name (<c>name</c>, else the method's name + <c>All</c>), which no method of the group may hold.</summary>
        private string? StreamerName(OperationDraft draft, OperationModel operation, JsonObject node, string path)
        {
            string? custom = node.Find("name") is null ? null : _ctx.NonEmptyString(node, "name", path);
            string name = custom is null ? operation.MethodName + "All" : Identifiers.ToPascal(custom);
            if (draft.Group is null)
            {
                return null;
            }

            if (draft.Group.Methods.IsTaken(name))
            {
                JsonNode at = node.Find("name")?.Value ?? node.Find("style")?.Value ?? node;
                string owner = draft.Group.ByMethod.TryGetValue(name, out OperationDraft? other) && other.Id is not null ? "the method of operation '" + other.Id + "'" : "a reserved or already used name";
                PaginationError(at, path, "name", "the streamer " + draft.Group.ClassName + "." + name + " would take " + owner + "; set \"name\" to another streamer name");
                return null;
            }

            draft.Group.Methods.Reserve(name);
            return name;
        }
    }
}
