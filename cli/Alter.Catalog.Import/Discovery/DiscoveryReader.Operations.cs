using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Alter.Catalog.Import.Discovery;

internal static partial class DiscoveryReader
{
    /// <summary>Methods collected from the resource tree, their URL paths, and each one as a format-v1 operation.</summary>
    private sealed partial class Run
    {
        private void Collect(JsonObject owner, List<string> resources, string pointer, List<Method> into)
        {
            if (owner["methods"] is JsonNode methodsNode)
            {
                if (methodsNode is not JsonObject methods)
                {
                    throw Fail(pointer + "/methods", "'methods' must be an object of methods by name");
                }

                foreach ((string name, JsonNode? body) in methods)
                {
                    string at = pointer + "/methods/" + SpecReader.Escape(name);
                    if (body is not JsonObject method)
                    {
                        throw Fail(at, "a method must be an object");
                    }

                    into.Add(new Method(resources, name, method, at));
                }
            }

            if (owner["resources"] is JsonNode resourcesNode)
            {
                if (resourcesNode is not JsonObject children)
                {
                    throw Fail(pointer + "/resources", "'resources' must be an object of resources by name");
                }

                foreach ((string name, JsonNode? body) in children)
                {
                    string at = pointer + "/resources/" + SpecReader.Escape(name);
                    if (body is not JsonObject resource)
                    {
                        throw Fail(at, "a resource must be an object");
                    }

                    Collect(resource, [.. resources, name], at, into);
                }
            }
        }

        /// <summary>
        /// The method's path: <c>path</c> unless it holds a reserved expansion (<c>{+name}</c>); then <c>flatPath</c>
        /// when each of its placeholders is a declared parameter, else <c>path</c> with <c>{+name}</c> read as <c>{name}</c>.
        /// </summary>
        private string PathOf(Method method)
        {
            string path = RequiredString(method.Body, "path", method.Pointer);
            if (path.Contains("{+", StringComparison.Ordinal))
            {
                if (OptionalString(method.Body, "flatPath", method.Pointer) is string flat
                    && Placeholders().Matches(flat).All(m => method.Body["parameters"] is JsonObject p && p.ContainsKey(m.Groups[1].Value)))
                {
                    path = flat;
                }
                else
                {
                    Warn(method.Pointer + "/path", $"'{path}' expands a parameter with its slashes ({{+name}}); it is sent as one escaped path segment");
                    path = path.Replace("{+", "{", StringComparison.Ordinal);
                }
            }

            return path.TrimStart('/');
        }

        [GeneratedRegex("\\{\\+?([^{}]+)\\}")]
        private static partial Regex Placeholders();

        private JsonObject? Operation(Method method, string id, string path, bool dropFirst)
        {
            string httpMethod = RequiredString(method.Body, "httpMethod", method.Pointer).ToUpperInvariant();
            if (Array.IndexOf(DescriptionWriter.HttpMethods, httpMethod) < 0)
            {
                throw Fail(method.Pointer + "/httpMethod", $"'{httpMethod}' is not an HTTP method ({string.Join(", ", DescriptionWriter.HttpMethods)})");
            }

            IReadOnlyList<string> resources = dropFirst && method.Resources.Count > 1 ? method.Resources.Skip(1).ToList() : method.Resources;
            string group = resources.Count == 0 ? "default" : resources[0] + string.Concat(resources.Skip(1).Select(UpperFirst));
            string groupPascal = Naming.ToPascal(group);
            string methodName = method.Name;
            if (_writer.TakeMethodName(groupPascal, Naming.ToPascal(methodName), id, method.Pointer) is int n)
            {
                methodName += n.ToString(CultureInfo.InvariantCulture);
            }

            var result = new JsonObject
            {
                ["id"] = id,
                ["method"] = httpMethod,
                ["path"] = path,
            };
            string? text = OptionalString(method.Body, "description", method.Pointer)?.Trim();
            if (!string.IsNullOrEmpty(text))
            {
                string summary = FirstSentence(text);
                result["summary"] = summary;
                if (summary != text)
                {
                    result["description"] = text;
                }
            }

            if (OptionalString(method.Body, "documentationLink", method.Pointer) is string docs && IsHttpUrl(docs))
            {
                result["docsUrl"] = docs;
            }

            if (method.Body["scopes"] is JsonNode scopesNode)
            {
                if (scopesNode is not JsonArray scopes || scopes.Any(s => s is not JsonValue sv || !sv.TryGetValue(out string? _)))
                {
                    throw Fail(method.Pointer + "/scopes", "'scopes' must be an array of scope strings");
                }

                result["scopes"] = scopes.DeepClone();
            }

            JsonArray? parameters = Parameters(method, path);
            if (parameters is null)
            {
                return null;
            }

            if (parameters.Count > 0)
            {
                result["parameters"] = parameters;
            }

            if (method.Body["request"] is JsonNode request)
            {
                result["requestBody"] = new JsonObject
                {
                    ["contentType"] = "application/json",
                    ["schema"] = Reference(request, method.Pointer + "/request"),
                };
            }

            if (method.Body["response"] is JsonNode response)
            {
                result["response"] = new JsonObject { ["schema"] = Reference(response, method.Pointer + "/response") };
            }

            result["group"] = group;
            result["name"] = methodName;
            return result;
        }
    }
}
