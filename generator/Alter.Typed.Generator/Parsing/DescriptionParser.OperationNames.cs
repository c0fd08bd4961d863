using System;
using System.Collections.Generic;
using System.Threading;
using Alter.Typed.Generator.Diagnostics;
using Alter.Typed.Generator.Json;
using Alter.Typed.Generator.Model;
using Alter.Typed.Generator.Naming;
using Microsoft.CodeAnalysis.Text;

namespace Alter.Typed.Generator.Parsing
{
    /// <summary>Operation headers (id, method, path) and the C# names of groups and methods.</summary>
    internal sealed partial class DescriptionParser
    {
        private sealed class OperationDraft
        {
            public OperationDraft(JsonObject node, string path) => (Node, Path) = (node, path);

            public JsonObject Node { get; }

            public string Path { get; }

            public string? Id { get; set; }

            public JsonNode? IdNode { get; set; }

            public string? Method { get; set; }

            public string? PathTemplate { get; set; }

            public string GroupRaw { get; set; } = string.Empty;

            public string GroupPascal { get; set; } = DefaultGroup;

            public string MethodPascal { get; set; } = string.Empty;

            public JsonNode? NameNode { get; set; }

            public GroupDraft? Group { get; set; }

            public string FieldName { get; set; } = string.Empty;

            public OperationModel? Model { get; set; }

            public List<ParameterDraft>? Parameters { get; set; }

            public BodyDraft? Body { get; set; }

            public ResponseDraft? Response { get; set; }
        }

        private sealed class GroupDraft
        {
            public GroupDraft(string rawName, string propertyName, string className)
            {
                RawName = rawName;
                PropertyName = propertyName;
                ClassName = className;
                Methods = new NameScope(ReservedNames.ObjectMembers);
                Methods.Reserve(className);
            }

            public string RawName { get; }

            public string PropertyName { get; }

            public string ClassName { get; }

            public NameScope Methods { get; }

            public Dictionary<string, OperationDraft> ByMethod { get; } = new Dictionary<string, OperationDraft>(StringComparer.Ordinal);

            public List<OperationDraft> Operations { get; } = new List<OperationDraft>();
        }

        private List<OperationDraft> ReadOperationHeaders(JsonArray operations)
        {
            var drafts = new List<OperationDraft>(operations.Items.Length);
            var ids = new Dictionary<string, JsonNode>(StringComparer.Ordinal);
            for (int i = 0; i < operations.Items.Length; i++)
            {
                string path = ParseContext.Item("$.operations", i);
                if (_ctx.AsObject(operations.Items[i], path) is not JsonObject node)
                {
                    continue;
                }

                _ctx.CheckKeys(node, path, OperationKeys);
                var draft = new OperationDraft(node, path);
                draft.Id = _ctx.NonEmptyString(node, "id", path);
                draft.IdNode = node.Find("id")?.Value;
                if (draft.Id is not null)
                {
                    if (ids.TryGetValue(draft.Id, out JsonNode? first))
                    {
                        _ctx.Report(DiagnosticDescriptors.Duplicate, draft.IdNode!, "operation id", draft.Id, "first defined at line " + ParseContext.LineOf(first.LineSpan));
                        draft.Id = null;
                    }
                    else
                    {
                        ids.Add(draft.Id, draft.IdNode!);
                    }
                }

                string? method = _ctx.String(node, "method", path, required: true);
                if (method is not null && Array.IndexOf(HttpMethods, method) < 0)
                {
                    _ctx.Invalid(node.Find("method")!.Value, ParseContext.Child(path, "method"), "'" + method + "' is not an HTTP method; expected one of: " + string.Join(", ", HttpMethods));
                    method = null;
                }

                draft.Method = method;
                string? template = _ctx.String(node, "path", path, required: true);
                if (template is not null && (template.StartsWith("/", StringComparison.Ordinal) || template.IndexOf("://", StringComparison.Ordinal) >= 0))
                {
                    _ctx.Invalid(node.Find("path")!.Value, ParseContext.Child(path, "path"), "'" + template + "' must be relative to api.baseUrl, without a leading '/'");
                    template = null;
                }

                draft.PathTemplate = template;
                string? group = _ctx.NonEmptyString(node, "group", path, required: false);
                string? name = _ctx.NonEmptyString(node, "name", path, required: false);
                draft.NameNode = name is not null ? node.Find("name")!.Value : group is not null ? node.Find("group")!.Value : draft.IdNode;

                string[] segments = (draft.Id ?? string.Empty).Split(new[] { '.', '/' }, StringSplitOptions.RemoveEmptyEntries);
                string rest = segments.Length > 1 ? string.Join(" ", segments, 1, segments.Length - 1) : segments.Length == 1 ? segments[0] : string.Empty;
                if (group is not null)
                {
                    draft.GroupRaw = group;
                    draft.GroupPascal = Identifiers.ToPascal(group);
                }
                else if (segments.Length > 1)
                {
                    draft.GroupRaw = segments[0];
                    draft.GroupPascal = Identifiers.ToPascal(segments[0]);
                }
                else
                {
                    draft.GroupRaw = "default";
                    draft.GroupPascal = DefaultGroup;
                }

                draft.MethodPascal = Identifiers.ToPascal(name ?? rest);
                drafts.Add(draft);
            }

            return drafts;
        }

        /// <summary>Groups operations, names group properties/classes and methods, and reports methods that clash (ALTER007).</summary>
        private List<GroupDraft> AssignNames(List<OperationDraft> drafts, string pascal, NameScope typeNames)
        {
            var groups = new List<GroupDraft>();
            var byName = new Dictionary<string, GroupDraft>(StringComparer.Ordinal);
            var clientMembers = new NameScope(ReservedNames.ObjectMembers);
            foreach (string member in ReservedNames.ClientMembers)
            {
                clientMembers.Reserve(member);
            }

            clientMembers.Reserve(pascal + "Client");
            var fields = new NameScope(ReservedNames.ObjectMembers);
            // Field names are members of <Pascal>Operations and <Pascal>OperationDescriptors: neither may take its class's name (CS0542).
            fields.Reserve(pascal + "Operations");
            fields.Reserve(pascal + "OperationDescriptors");

            foreach (OperationDraft draft in drafts)
            {
                if (!byName.TryGetValue(draft.GroupPascal, out GroupDraft? group))
                {
                    string property = clientMembers.IsTaken(draft.GroupPascal)
                        ? clientMembers.Allocate(draft.GroupPascal + "Operations")
                        : clientMembers.Allocate(draft.GroupPascal);
                    group = new GroupDraft(draft.GroupRaw, property, typeNames.Allocate(pascal + draft.GroupPascal + "Operations"));
                    byName.Add(draft.GroupPascal, group);
                    groups.Add(group);
                }

                string method = draft.MethodPascal;
                if (group.Methods.IsTaken(method) && !group.ByMethod.ContainsKey(method))
                {
                    // Reserved (an object member or the class's own name), not another operation's.
                    method += "Operation";
                }

                if (group.ByMethod.TryGetValue(method, out OperationDraft? first))
                {
                    if (draft.Id is not null && draft.NameNode is not null)
                    {
                        _ctx.Report(DiagnosticDescriptors.MethodNameClash, draft.NameNode, draft.Id, group.ClassName, method, first.Id ?? "?");
                    }

                    continue;
                }

                group.Methods.Reserve(method);
                group.ByMethod.Add(method, draft);
                draft.MethodPascal = method;
                draft.Group = group;
                draft.FieldName = fields.Allocate(draft.GroupPascal + method);
                group.Operations.Add(draft);
            }

            return groups;
        }
    }
}
