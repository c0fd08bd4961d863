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
    /// <summary>Operation parameters and the placeholders of the path template.</summary>
    internal sealed partial class DescriptionParser
    {
        /// <summary>The <c>parameters</c> of an operation; a parameter declared twice (same place and name) is reported (ALTER006) and skipped.</summary>
        private List<ParameterDraft> ReadParameters(JsonObject node, string path, SchemaResolver resolver, string baseName)
        {
            var parameters = new List<ParameterDraft>();
            if (_ctx.Array(node, "parameters", path) is not JsonArray parameterNodes)
            {
                return parameters;
            }

            var seen = new Dictionary<string, JsonNode>(StringComparer.Ordinal);
            string parametersPath = ParseContext.Child(path, "parameters");
            for (int i = 0; i < parameterNodes.Items.Length; i++)
            {
                string parameterPath = ParseContext.Item(parametersPath, i);
                if (_ctx.AsObject(parameterNodes.Items[i], parameterPath) is not JsonObject parameterNode)
                {
                    continue;
                }

                ParameterDraft? parameter = ReadParameter(parameterNode, parameterPath, resolver, baseName);
                if (parameter is null)
                {
                    continue;
                }

                string key = parameter.In + " " + parameter.Name;
                if (parameter.In == "header")
                {
                    key = key.ToLowerInvariant(); // header names are case-insensitive
                }

                if (seen.TryGetValue(key, out JsonNode? first))
                {
                    _ctx.Report(DiagnosticDescriptors.Duplicate, parameter.NameNode, parameter.In + " parameter", parameter.Name, "first defined at line " + ParseContext.LineOf(first.LineSpan));
                    continue;
                }

                seen.Add(key, parameter.NameNode);
                parameters.Add(parameter);
            }

            return parameters;
        }

        private ParameterDraft? ReadParameter(JsonObject node, string path, SchemaResolver resolver, string baseName)
        {
            _ctx.CheckKeys(node, path, ParameterKeys);
            string? name = _ctx.NonEmptyString(node, "name", path);
            string? location = _ctx.OneOf(node, "in", path, ParameterLocations, required: true);
            bool? required = _ctx.Boolean(node, "required", path);
            // OpenAPI's default for query parameters (style form, explode true): an array repeats the key per value.
            bool? explode = _ctx.Boolean(node, "explode", path);
            string? description = _ctx.String(node, "description", path);
            JsonNode? schema = _ctx.Field(node, "schema", path, required: true);
            if (location == "path")
            {
                if (required == false)
                {
                    _ctx.Invalid(node.Find("required")!.Value, ParseContext.Child(path, "required"), "a path parameter is always required");
                }

                required = true;
            }

            TypeRef type = schema is null
                ? new TypeRef(TypeKind.String, false)
                : resolver.Resolve(schema, ParseContext.Child(path, "schema"), baseName + Identifiers.ToPascal(name ?? string.Empty), parameter: true);
            if (name is null || location is null)
            {
                return null;
            }

            if (location == "path")
            {
                // RequestArguments.Path refuses null: a path value is never nullable.
                type = type.WithNullable(false);
            }

            bool joined = explode == false && location == "query" && type.Kind == TypeKind.List;
            return new ParameterDraft(name, location, required ?? false, type, resolver.Doc(schema, description), node.Find("name")!.Value, joined);
        }

        /// <summary>Every <c>{name}</c> of the path needs a path parameter, and every path parameter a placeholder (ALTER004).</summary>
        private void CheckPlaceholders(OperationDraft draft, List<ParameterDraft> parameters)
        {
            if (draft.PathTemplate is null)
            {
                return;
            }

            JsonNode pathNode = draft.Node.Find("path")!.Value;
            string jsonPath = ParseContext.Child(draft.Path, "path");
            string template = draft.PathTemplate;
            var placeholders = new List<string>();
            for (int i = 0; i < template.Length; i++)
            {
                if (template[i] == '}')
                {
                    _ctx.Invalid(pathNode, jsonPath, "'}' without a matching '{' in '" + template + "'");
                    return;
                }

                if (template[i] != '{')
                {
                    continue;
                }

                int end = template.IndexOf('}', i + 1);
                int nested = template.IndexOf('{', i + 1);
                if (end < 0 || (nested >= 0 && nested < end) || end == i + 1)
                {
                    _ctx.Invalid(pathNode, jsonPath, "malformed placeholder in '" + template + "'; write {name}");
                    return;
                }

                placeholders.Add(template.Substring(i + 1, end - i - 1));
                i = end;
            }

            var pathParameters = new HashSet<string>(StringComparer.Ordinal);
            foreach (ParameterDraft parameter in parameters)
            {
                if (parameter.In != "path")
                {
                    continue;
                }

                pathParameters.Add(parameter.Name);
                if (!placeholders.Contains(parameter.Name))
                {
                    _ctx.Invalid(parameter.NameNode, ParseContext.Child(draft.Path, "parameters"), "the path parameter '" + parameter.Name + "' does not appear in the path '" + template + "'");
                }
            }

            foreach (string placeholder in placeholders)
            {
                if (!pathParameters.Contains(placeholder))
                {
                    _ctx.Invalid(pathNode, jsonPath, "the placeholder '{" + placeholder + "}' has no matching path parameter (add one with \"in\": \"path\", \"name\": \"" + placeholder + "\")");
                }
            }
        }
    }
}
