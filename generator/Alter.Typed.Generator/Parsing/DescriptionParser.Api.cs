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
    /// <summary>The <c>api</c>, <c>connectionValues</c> and <c>errors</c> sections.</summary>
    internal sealed partial class DescriptionParser
    {
        private ApiModel? ReadApi(JsonObject node, string path)
        {
            _ctx.CheckKeys(node, path, ApiKeys);
            string? baseUrl = _ctx.Url(node, "baseUrl", path, required: true);
            if (baseUrl is not null && !baseUrl.EndsWith("/", StringComparison.Ordinal))
            {
                _ctx.Invalid(node.Find("baseUrl")!.Value, ParseContext.Child(path, "baseUrl"), "the base URL must end with '/' (operation paths are relative to it)");
            }

            EquatableArray<string>? hosts = _ctx.StringArray(node, "allowedHosts", path, required: true);
            if (hosts is not null)
            {
                JsonArray array = (JsonArray)node.Find("allowedHosts")!.Value;
                if (hosts.Count == 0)
                {
                    _ctx.Invalid(array, ParseContext.Child(path, "allowedHosts"), "list at least one host a token may be sent to");
                }

                for (int i = 0; i < array.Items.Length; i++)
                {
                    if (array.Items[i] is JsonString host && !IsHost(_ctx.WithoutPlaceholders(host.Value)))
                    {
                        _ctx.Invalid(host, ParseContext.Item(ParseContext.Child(path, "allowedHosts"), i), "'" + host.Value + "' is not a host name or host:port (no scheme, no path)");
                    }
                }
            }

            string? naming = _ctx.OneOf(node, "jsonNaming", path, JsonNaming.All);
            EquatableArray<KeyValue>? headers = _ctx.StringMap(node, "headers", path);
            return baseUrl is null || hosts is null ? null : new ApiModel(baseUrl, hosts, naming, headers);
        }

        /// <summary>
        /// <c>connectionValues</c>: the names URLs may use as <c>{name}</c>, what each is, and the pattern a value must match
        /// (the runtime checks it; a value cannot then move a URL to another host).
        /// </summary>
        private EquatableArray<ConnectionValueModel> ReadConnectionValues(JsonObject root)
        {
            var values = new List<ConnectionValueModel>();
            if (_ctx.Array(root, "connectionValues", "$") is JsonArray array)
            {
                for (int i = 0; i < array.Items.Length; i++)
                {
                    string itemPath = ParseContext.Item("$.connectionValues", i);
                    if (_ctx.AsObject(array.Items[i], itemPath) is not JsonObject item)
                    {
                        continue;
                    }

                    _ctx.CheckKeys(item, itemPath, new[] { "name", "description", "pattern" });
                    string? valueName = _ctx.NonEmptyString(item, "name", itemPath);
                    string? text = _ctx.NonEmptyString(item, "description", itemPath);
                    string? pattern = _ctx.String(item, "pattern", itemPath);
                    if (valueName is not null && !IsValidId(valueName.Replace('_', '-')))
                    {
                        _ctx.Invalid(item.Find("name")!.Value, ParseContext.Child(itemPath, "name"), "'" + valueName + "' is not a placeholder name: use letters, digits, '-' and '_'");
                    }
                    else if (valueName is not null && values.Exists(v => v.Name == valueName))
                    {
                        _ctx.Report(DiagnosticDescriptors.Duplicate, item.Find("name")!.Value, "connection value", valueName, "declare each connection value once");
                    }
                    else if (valueName is not null && text is not null)
                    {
                        values.Add(new ConnectionValueModel(valueName, text, pattern));
                        _ctx.Placeholders.Add(valueName);
                    }
                }
            }

            return new EquatableArray<ConnectionValueModel>(values.ToArray());
        }

        private static bool IsHost(string host)
        {
            if (host.Length == 0)
            {
                return false;
            }

            foreach (char c in host)
            {
                if (!(char.IsLetterOrDigit(c) || c == '.' || c == '-' || c == ':' || c == '[' || c == ']' || c == '_'))
                {
                    return false;
                }
            }

            return true;
        }

        private ErrorsModel ReadErrors(JsonObject node, string path)
        {
            _ctx.CheckKeys(node, path, ErrorsKeys);
            string? ok = _ctx.NonEmptyString(node, "okProperty", path, required: false);
            string? code = _ctx.NonEmptyString(node, "codeProperty", path, required: false);
            EquatableArray<string>? codes = _ctx.StringArray(node, "reauthCodes", path);
            EquatableArray<int>? statuses = null;
            if (_ctx.Array(node, "reauthStatus", path) is JsonArray array)
            {
                var values = new List<int>();
                string statusPath = ParseContext.Child(path, "reauthStatus");
                for (int i = 0; i < array.Items.Length; i++)
                {
                    int? status = _ctx.Int32(array.Items[i], ParseContext.Item(statusPath, i));
                    if (status is null)
                    {
                        continue;
                    }

                    if (status < 100 || status > 599)
                    {
                        _ctx.Invalid(array.Items[i], ParseContext.Item(statusPath, i), "an HTTP status code is between 100 and 599");
                        continue;
                    }

                    values.Add(status.Value);
                }

                statuses = new EquatableArray<int>(values.ToArray());
            }

            return new ErrorsModel(ok, code, codes, statuses);
        }
    }
}
