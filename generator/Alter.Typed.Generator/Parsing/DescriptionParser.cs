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
    /// <summary>
    /// Reads a provider description (format v1) into a <see cref="ProviderModel"/> plus diagnostics.
    /// Never throws (except on cancellation): an unexpected failure becomes ALTER099.
    /// </summary>
    internal sealed class DescriptionParser
    {
        public const int FormatVersion = 1;

        public static readonly string[] RootKeys = { "formatVersion", "id", "name", "description", "docsUrl", "connectionValues", "auth", "api", "errors", "operations", "schemas" };
        public static readonly string[] AuthKeys = { "kind", "authorizationUrl", "tokenUrl", "refreshUrl", "revocationUrl", "revocationStyle", "scopeSeparator", "pkce", "defaultScopes", "clientAuthentication", "token", "authorizationParameters", "userScopeParameter" };
        public static readonly string[] TokenKeys = { "in", "name", "prefix" };
        public static readonly string[] ApiKeys = { "baseUrl", "allowedHosts", "jsonNaming", "headers" };
        public static readonly string[] ErrorsKeys = { "okProperty", "codeProperty", "reauthCodes", "reauthStatus" };
        public static readonly string[] OperationKeys = { "id", "method", "path", "summary", "description", "docsUrl", "scopes", "parameters", "requestBody", "response", "group", "name" };
        public static readonly string[] ParameterKeys = { "name", "in", "required", "schema", "description", "explode" };
        public static readonly string[] RequestBodyKeys = { "contentType", "required", "schema", "description" };
        public static readonly string[] ResponseKeys = { "status", "contentType", "schema", "description" };

        public static readonly string[] AuthKinds = { "oauth2", "apiKey", "bearer", "basic" };
        public static readonly string[] HttpMethods = { "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS" };
        /// <summary>The request body media types with their own encoding; any other media type is a raw body (<c>RawBody</c>).</summary>
        public static readonly string[] ContentTypes = { "application/json", "application/x-www-form-urlencoded", "multipart/form-data" };
        public static readonly string[] ParameterLocations = { "path", "query", "header" };
        public static readonly string[] ClientAuthentications = { "client_secret_post", "client_secret_basic" };
        public static readonly string[] TokenLocations = { "header", "query" };
        public static readonly string[] RevocationStyles = { "rfc7009", "bearer", "clientTokenDelete" };

        /// <summary>The group of an operation whose id has no <c>.</c> or <c>/</c> (and no <c>group</c> field).</summary>
        public const string DefaultGroup = "Default";

        private readonly ParseContext _ctx;
        private readonly CancellationToken _cancellationToken;
        private readonly OperationFilter? _filter;

        private DescriptionParser(ParseContext ctx, CancellationToken cancellationToken, OperationFilter? filter)
        {
            _ctx = ctx;
            _cancellationToken = cancellationToken;
            _filter = filter;
        }

        /// <summary>
        /// Parses a description. With a <paramref name="filter"/>, only the selected operations are read, and only the
        /// named schemas they reach become classes (a consumer pays for what it uses).
        /// </summary>
        public static ParseResult Parse(string filePath, string text, CancellationToken cancellationToken, OperationFilter? filter = null)
        {
            var ctx = new ParseContext(filePath);
            try
            {
                return new DescriptionParser(ctx, cancellationToken, filter).Read(text);
            }
            catch (OperationCanceledException)
            {
                throw;
            }
            catch (Exception ex)
            {
                return InternalError(filePath, ex);
            }
        }

        /// <summary>ALTER099 at the start of the file: no model, no provider identity.</summary>
        public static ParseResult InternalError(string filePath, Exception exception)
        {
            var diagnostic = DiagnosticInfo.Create(DiagnosticDescriptors.InternalError, filePath, new TextSpan(0, 0), default, exception.GetType().Name + ": " + exception.Message);
            return new ParseResult(null, new EquatableArray<DiagnosticInfo>(new[] { diagnostic }), null);
        }

        private ParseResult Failed() => new ParseResult(null, _ctx.Diagnostics, null);

        private ParseResult Read(string text)
        {
            JsonNode rootNode;
            try
            {
                rootNode = JsonParser.Parse(text);
            }
            catch (JsonParseException e)
            {
                int length = e.Offset < text.Length ? 1 : 0;
                _ctx.Report(
                    DiagnosticDescriptors.JsonSyntaxError,
                    new TextSpan(e.Offset, length),
                    new LinePositionSpan(e.Position, new LinePosition(e.Position.Line, e.Position.Character + length)),
                    e.Message);
                return Failed();
            }

            if (_ctx.AsObject(rootNode, "$") is not JsonObject root)
            {
                return Failed();
            }

            _ctx.CheckKeys(root, "$", RootKeys, new[] { "$schema" });

            JsonNode? version = _ctx.Field(root, "formatVersion", "$", required: true);
            if (version is not null && !(version is JsonNumber n && n.TryGetInt32(out int v) && v == FormatVersion))
            {
                string shown = version is JsonNumber number ? number.RawText : version.KindDescription;
                _ctx.Invalid(version, "$.formatVersion", "unsupported formatVersion " + shown + "; this generator reads format version 1");
            }

            string? id = _ctx.String(root, "id", "$", required: true);
            if (id is not null && !IsValidId(id))
            {
                _ctx.Invalid(root.Find("id")!.Value, "$.id", "'" + id + "' is not a provider id: use lower-case letters, digits and '-', starting with a letter or digit");
                id = null;
            }

            string? name = _ctx.NonEmptyString(root, "name", "$");
            string? pascal = null;
            if (name is not null)
            {
                pascal = Identifiers.ToPascal(name);
                // Ignoring case: <Pascal>.g.cs must not collide with App.g.cs (Roslyn compares hint names ignoring case).
                if (Array.Exists(ReservedNames.RuntimeTypes, t => string.Equals(t, pascal, StringComparison.OrdinalIgnoreCase)))
                {
                    _ctx.Invalid(root.Find("name")!.Value, "$.name", "'" + name + "' becomes the C# name '" + pascal + "', which the runtime's Alter.Typed namespace already uses; choose another name");
                    pascal = null;
                }
            }

            string? description = _ctx.String(root, "description", "$");
            string? docsUrl = _ctx.DocsUrl(root, "docsUrl", "$");

            // Read first: the URLs below may hold their {placeholders}.
            EquatableArray<ConnectionValueModel> connectionValues = ReadConnectionValues(root);
            AuthModel? auth = _ctx.Object(root, "auth", "$", required: true) is JsonObject authNode ? ReadAuth(authNode, "$.auth") : null;
            ApiModel? api = _ctx.Object(root, "api", "$", required: true) is JsonObject apiNode ? ReadApi(apiNode, "$.api") : null;
            ErrorsModel? errors = _ctx.Object(root, "errors", "$") is JsonObject errorsNode ? ReadErrors(errorsNode, "$.errors") : null;

            ProviderKey? key = null;
            if (id is not null && pascal is not null)
            {
                JsonNode idNode = root.Find("id")!.Value;
                JsonNode nameNode = root.Find("name")!.Value;
                key = new ProviderKey(id, pascal, _ctx.FilePath, idNode.Span, idNode.LineSpan, nameNode.Span, nameNode.LineSpan);
            }

            string typePrefix = pascal ?? "Provider";
            var typeNames = new NameScope(new[] { typePrefix + "Provider", typePrefix + "Operations", typePrefix + "Client" }, Identifiers.MaxTypeNameLength);
            var resolver = new SchemaResolver(_ctx, typeNames, api?.JsonNaming ?? JsonNaming.Default, lazyClasses: _filter is not null);

            JsonArray? operations = _ctx.Array(root, "operations", "$");
            List<OperationDraft> drafts = operations is null ? new List<OperationDraft>() : ReadOperationHeaders(operations);
            if (_filter is not null)
            {
                drafts = drafts.FindAll(draft => _filter.Selects(draft.Id, draft.PathTemplate));
                if (drafts.Count == 0)
                {
                    _ctx.ReportAtStart(DiagnosticDescriptors.NoOperationSelected, (JsonNode?)operations ?? root, _filter.Text, id ?? name ?? "?");
                }
            }
            List<GroupDraft> groups = AssignNames(drafts, typePrefix, typeNames);

            if (_ctx.Object(root, "schemas", "$") is JsonObject schemas)
            {
                resolver.RegisterNamed(schemas, "$.schemas");
            }

            resolver.ResolveNamed();

            foreach (OperationDraft draft in drafts)
            {
                _cancellationToken.ThrowIfCancellationRequested();
                draft.Model = ReadOperation(draft, resolver, typeNames, id ?? string.Empty);
            }

            if (_ctx.HasErrors || id is null || name is null || pascal is null || auth is null || api is null)
            {
                return new ParseResult(null, _ctx.Diagnostics, key);
            }

            var groupModels = new List<GroupModel>(groups.Count);
            foreach (GroupDraft group in groups)
            {
                var operationModels = new List<OperationModel>(group.Operations.Count);
                foreach (OperationDraft draft in group.Operations)
                {
                    if (draft.Model is not null)
                    {
                        operationModels.Add(draft.Model);
                    }
                }

                groupModels.Add(new GroupModel(group.RawName, group.PropertyName, group.ClassName, new EquatableArray<OperationModel>(operationModels.ToArray())));
            }

            var model = new ProviderModel(
                _ctx.FilePath,
                id,
                name,
                pascal,
                description,
                docsUrl,
                auth,
                api,
                errors,
                new EquatableArray<GroupModel>(groupModels.ToArray()),
                new EquatableArray<ClassModel>(resolver.Classes.ToArray()),
                connectionValues);
            return new ParseResult(model, _ctx.Diagnostics, key);
        }

        private static bool IsValidId(string id)
        {
            if (id.Length == 0 || id[0] == '-')
            {
                return false;
            }

            foreach (char c in id)
            {
                if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'))
                {
                    return false;
                }
            }

            return true;
        }

        // ---- auth, api, errors ----

        private AuthModel? ReadAuth(JsonObject node, string path)
        {
            _ctx.CheckKeys(node, path, AuthKeys);
            string? kind = _ctx.String(node, "kind", path, required: true);
            string? kindMember = kind switch
            {
                "oauth2" => "OAuth2",
                "apiKey" => "ApiKey",
                "bearer" => "Bearer",
                "basic" => "Basic",
                _ => null,
            };
            if (kind is not null && kindMember is null)
            {
                _ctx.Report(DiagnosticDescriptors.UnknownAuthKind, node.Find("kind")!.Value, kind);
            }

            bool oauth = kind == "oauth2";
            string? authorizationUrl = _ctx.Url(node, "authorizationUrl", path, required: oauth);
            string? tokenUrl = _ctx.Url(node, "tokenUrl", path, required: oauth);
            string? refreshUrl = _ctx.Url(node, "refreshUrl", path);
            string? revocationUrl = _ctx.Url(node, "revocationUrl", path);
            string? revocationStyle = _ctx.OneOf(node, "revocationStyle", path, RevocationStyles) switch
            {
                "rfc7009" => "Rfc7009",
                "bearer" => "Bearer",
                "clientTokenDelete" => "ClientTokenDelete",
                _ => null,
            };
            string? separator = _ctx.String(node, "scopeSeparator", path);
            if (separator is not null && separator.Length == 0)
            {
                _ctx.Invalid(node.Find("scopeSeparator")!.Value, ParseContext.Child(path, "scopeSeparator"), "must not be empty");
            }

            bool? pkce = _ctx.Boolean(node, "pkce", path);
            EquatableArray<string>? scopes = _ctx.StringArray(node, "defaultScopes", path);
            string? clientAuthentication = _ctx.OneOf(node, "clientAuthentication", path, ClientAuthentications) switch
            {
                "client_secret_post" => "ClientSecretPost",
                "client_secret_basic" => "ClientSecretBasic",
                _ => null,
            };

            TokenPlacementModel? token = null;
            if (_ctx.Object(node, "token", path, required: kind == "apiKey") is JsonObject tokenNode)
            {
                string tokenPath = ParseContext.Child(path, "token");
                _ctx.CheckKeys(tokenNode, tokenPath, TokenKeys);
                string? location = _ctx.OneOf(tokenNode, "in", tokenPath, TokenLocations, required: true);
                string? tokenName = _ctx.NonEmptyString(tokenNode, "name", tokenPath);
                string prefix = _ctx.String(tokenNode, "prefix", tokenPath) ?? string.Empty;
                if (location is not null && tokenName is not null)
                {
                    token = new TokenPlacementModel(location, tokenName, prefix);
                }
            }

            EquatableArray<KeyValue>? parameters = _ctx.StringMap(node, "authorizationParameters", path);
            string? userScopeParameter = _ctx.NonEmptyString(node, "userScopeParameter", path, required: false);
            return kindMember is null
                ? null
                : new AuthModel(kindMember, authorizationUrl, tokenUrl, revocationUrl, revocationStyle, separator, pkce, scopes, clientAuthentication, token, parameters, userScopeParameter, refreshUrl);
        }

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
                if (hosts.Value.Count == 0)
                {
                    _ctx.Invalid(array, ParseContext.Child(path, "allowedHosts"), "list at least one host a token may be sent to");
                }

                for (int i = 0; i < array.Items.Count; i++)
                {
                    if (array.Items[i] is JsonString host && !IsHost(_ctx.WithoutPlaceholders(host.Value)))
                    {
                        _ctx.Invalid(host, ParseContext.Item(ParseContext.Child(path, "allowedHosts"), i), "'" + host.Value + "' is not a host name or host:port (no scheme, no path)");
                    }
                }
            }

            string? naming = _ctx.OneOf(node, "jsonNaming", path, JsonNaming.All);
            EquatableArray<KeyValue>? headers = _ctx.StringMap(node, "headers", path);
            return baseUrl is null || hosts is null ? null : new ApiModel(baseUrl, hosts.Value, naming, headers);
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
                for (int i = 0; i < array.Items.Count; i++)
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
                for (int i = 0; i < array.Items.Count; i++)
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

        // ---- operations: names ----

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
            var drafts = new List<OperationDraft>(operations.Items.Count);
            var ids = new Dictionary<string, JsonNode>(StringComparer.Ordinal);
            for (int i = 0; i < operations.Items.Count; i++)
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

        // ---- operations: parameters, body, response ----

        private sealed class ParameterDraft
        {
            public ParameterDraft(string name, string location, bool required, TypeRef type, DocModel doc, JsonNode nameNode, bool joined)
            {
                Joined = joined;
                Name = name;
                In = location;
                Required = required;
                Type = type;
                Doc = doc;
                NameNode = nameNode;
            }

            public string Name { get; }

            public string In { get; }

            public bool Required { get; }

            public TypeRef Type { get; }

            public DocModel Doc { get; }

            public JsonNode NameNode { get; }

            /// <summary>An array query parameter with <c>"explode": false</c>: one comma-separated value.</summary>
            public bool Joined { get; }
        }

        private OperationModel? ReadOperation(OperationDraft draft, SchemaResolver resolver, NameScope typeNames, string providerId)
        {
            JsonObject node = draft.Node;
            string path = draft.Path;
            string groupPascal = draft.GroupPascal;
            string baseName = groupPascal + draft.MethodPascal;

            string? summary = _ctx.String(node, "summary", path);
            string? description = _ctx.String(node, "description", path);
            string? docsUrl = _ctx.DocsUrl(node, "docsUrl", path);
            EquatableArray<string>? scopes = _ctx.StringArray(node, "scopes", path);

            // Parameters.
            var parameters = new List<ParameterDraft>();
            if (_ctx.Array(node, "parameters", path) is JsonArray parameterNodes)
            {
                var seen = new Dictionary<string, JsonNode>(StringComparer.Ordinal);
                string parametersPath = ParseContext.Child(path, "parameters");
                for (int i = 0; i < parameterNodes.Items.Count; i++)
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
            }

            CheckPlaceholders(draft, parameters);

            // Request body.
            string bodyKind = "None";
            string? rawMediaType = null;
            (JsonObject Schema, string Path)? objectBody = null;
            TypeRef? bodyType = null;
            bool bodyRequired = false;
            string? bodyDescription = null;
            JsonObject? requestBody = _ctx.Object(node, "requestBody", path);
            if (requestBody is not null)
            {
                string bodyPath = ParseContext.Child(path, "requestBody");
                _ctx.CheckKeys(requestBody, bodyPath, RequestBodyKeys);
                string contentType = MediaType(requestBody, bodyPath) ?? "application/json";
                bodyKind = contentType switch
                {
                    "application/json" => "Json",
                    "application/x-www-form-urlencoded" => "Form",
                    "multipart/form-data" => "Multipart",
                    _ => "Raw",
                };
                bodyRequired = _ctx.Boolean(requestBody, "required", bodyPath) ?? false;
                bodyDescription = _ctx.String(requestBody, "description", bodyPath);

                // A raw body is the caller's bytes with their media type: a schema, if any, only documents it.
                JsonNode? schema = bodyKind == "Raw" ? null : _ctx.Field(requestBody, "schema", bodyPath, required: true);
                if (bodyKind == "Raw")
                {
                    bodyType = new TypeRef(TypeKind.RawBody, !bodyRequired);
                    rawMediaType = contentType;
                }
                else if (schema is not null)
                {
                    string schemaPath = ParseContext.Child(bodyPath, "schema");
                    objectBody = resolver.ObjectBody(schema, schemaPath);
                    if (objectBody is null && bodyKind == "Multipart")
                    {
                        _ctx.Invalid(schema, schemaPath, "a multipart/form-data body must be an object with properties (each property is a part), or a $ref to one");
                    }
                    else if (objectBody is null)
                    {
                        TypeRef type = resolver.Resolve(schema, schemaPath, baseName + "Body");
                        bodyType = bodyRequired ? type : type.WithNullable(true);
                    }
                    else if (!ReferenceEquals(objectBody.Value.Schema, schema))
                    {
                        // A $ref to a named class: check the reference itself once, then flatten its properties.
                        resolver.Resolve(schema, schemaPath, baseName + "Body");
                    }
                }
            }

            // The request class: optional parameters and body properties (only when the body is an object, or there is none).
            var optional = new List<ParameterDraft>();
            foreach (ParameterDraft parameter in parameters)
            {
                if (!parameter.Required)
                {
                    optional.Add(parameter);
                }
            }

            string? requestClass = null;
            bool requestRequired = false;
            RequestContents requestContents = RequestContents.None;
            bool optionalInRequest = bodyType is null;
            bool bodyHasProperties = objectBody is not null && (objectBody.Value.Schema.Find("properties")?.Value as JsonObject)?.Properties.Count > 0;
            if ((optionalInRequest && optional.Count > 0) || bodyHasProperties)
            {
                requestClass = typeNames.Allocate(baseName + "Request");
                int slot = resolver.ReserveSlot();
                NameScope members = SchemaResolver.MemberScope(requestClass);
                var properties = new List<PropertyModel>();
                foreach (ParameterDraft parameter in optional)
                {
                    string propertyName = SchemaResolver.PropertyName(parameter.Name, requestClass, members);
                    PropertyRole role = parameter.In switch
                    {
                        "path" => PropertyRole.Path,
                        "header" => PropertyRole.Header,
                        _ => parameter.Joined ? PropertyRole.QueryJoined : PropertyRole.Query,
                    };
                    properties.Add(new PropertyModel(propertyName, parameter.Name, parameter.Type.WithNullable(true), false, false, role, parameter.Doc));
                }

                if (objectBody is not null)
                {
                    properties.AddRange(resolver.ReadProperties(objectBody.Value.Schema, objectBody.Value.Path, requestClass, members, PropertyRole.Body, multipart: bodyKind == "Multipart"));
                }

                bool hasParameters = false, hasBody = false;
                foreach (PropertyModel property in properties)
                {
                    requestRequired |= property.Required;
                    hasParameters |= property.Role != PropertyRole.Body;
                    hasBody |= property.Role == PropertyRole.Body;
                }

                requestContents = hasParameters && hasBody ? RequestContents.ParametersAndBody : hasBody ? RequestContents.Body : RequestContents.Parameters;

                string? requestDescription = bodyDescription ?? (objectBody?.Schema.Find("description")?.Value as JsonString)?.Value;
                resolver.FillSlot(slot, new ClassModel(requestClass, ClassKind.Request, draft.Id ?? path, requestDescription, new EquatableArray<PropertyModel>(properties.ToArray()), bodyKind == "Multipart"));
            }

            // Response.
            TypeRef? responseType = null;
            int? responseStatus = null;
            string? responseDescription = null;
            string? responseMediaType = null;
            if (_ctx.Object(node, "response", path) is JsonObject response)
            {
                string responsePath = ParseContext.Child(path, "response");
                _ctx.CheckKeys(response, responsePath, ResponseKeys);
                if (_ctx.Field(response, "status", responsePath, required: false) is JsonNode statusNode)
                {
                    responseStatus = _ctx.Int32(statusNode, ParseContext.Child(responsePath, "status"));
                    if (responseStatus is < 100 or > 599)
                    {
                        _ctx.Invalid(statusNode, ParseContext.Child(responsePath, "status"), "an HTTP status code is between 100 and 599");
                    }
                }

                responseDescription = _ctx.String(response, "description", responsePath);
                string? responseMedia = MediaType(response, responsePath);
                if (responseMedia is not null && !IsJsonMediaType(responseMedia))
                {
                    // Not JSON: the method returns the text or the bytes; a schema, if any, only documents them.
                    responseType = new TypeRef(IsTextMediaType(responseMedia) ? TypeKind.String : TypeKind.Bytes, false);
                    responseMediaType = responseMedia;
                }
                else if (_ctx.Field(response, "schema", responsePath, required: false) is JsonNode schema)
                {
                    responseType = resolver.Resolve(
                        schema,
                        ParseContext.Child(responsePath, "schema"),
                        baseName + "Response",
                        root: (ClassKind.Response, draft.Id ?? path, responseDescription));
                }
            }

            // Method parameters: required ones in order, then (no request class to hold them) the optional ones.
            var scope = new NameScope(new[] { OperationModel.CancellationTokenName });
            if (requestClass is not null)
            {
                scope.Reserve(OperationModel.RequestParameterName);
            }

            if (bodyType is not null)
            {
                scope.Reserve(OperationModel.BodyParameterName);
            }

            var methodParameters = new List<ParameterModel>();
            foreach (ParameterDraft parameter in parameters)
            {
                if (parameter.Required || !optionalInRequest)
                {
                    string identifier = scope.Allocate(Identifiers.ToCamel(parameter.Name));
                    TypeRef type = parameter.Required ? parameter.Type : parameter.Type.WithNullable(true);
                    methodParameters.Add(new ParameterModel(parameter.Name, parameter.In, identifier, type, !parameter.Required, parameter.Doc, parameter.Joined));
                }
            }

            if (draft.Id is null || draft.Method is null || draft.PathTemplate is null || draft.Group is null)
            {
                return null;
            }

            return new OperationModel(
                draft.Id,
                draft.FieldName,
                draft.MethodPascal,
                draft.Method.Substring(0, 1) + draft.Method.Substring(1).ToLowerInvariant(),
                draft.PathTemplate,
                bodyKind,
                summary,
                description,
                docsUrl,
                scopes,
                new EquatableArray<ParameterModel>(methodParameters.ToArray()),
                requestClass,
                requestRequired,
                requestContents,
                bodyType,
                bodyRequired,
                bodyDescription,
                responseType,
                responseStatus,
                responseDescription,
                bodyKind == "Raw" ? rawMediaType : null,
                responseMediaType);
        }

        /// <summary>The <c>contentType</c> field: a media type <c>type/subtype</c> (lower-cased; parameters such as <c>charset</c> are not allowed).</summary>
        private string? MediaType(JsonObject owner, string ownerPath)
        {
            string? value = _ctx.String(owner, "contentType", ownerPath);
            if (value is null)
            {
                return null;
            }

            int slash = value.IndexOf('/');
            bool valid = slash > 0 && slash < value.Length - 1 && value.IndexOf('/', slash + 1) < 0;
            foreach (char c in value)
            {
                valid &= c > ' ' && c < 0x7F && c != ';' && c != ',' && c != '"';
            }

            if (!valid)
            {
                _ctx.Invalid(owner.Find("contentType")!.Value, ParseContext.Child(ownerPath, "contentType"), "'" + value + "' is not a media type; write type/subtype, such as application/json, multipart/form-data or image/png");
                return null;
            }

            return value.ToLowerInvariant();
        }

        /// <summary><c>application/json</c>, <c>text/json</c> and <c>*/*+json</c>: the answer is deserialized.</summary>
        public static bool IsJsonMediaType(string media)
            => media == "application/json" || media == "text/json" || media.EndsWith("+json", StringComparison.Ordinal);

        /// <summary><c>text/*</c>, XML, YAML and JavaScript answers are returned as a <c>string</c>; other media types as <c>byte[]</c>.</summary>
        public static bool IsTextMediaType(string media)
            => media.StartsWith("text/", StringComparison.Ordinal)
                || media == "application/xml" || media.EndsWith("+xml", StringComparison.Ordinal)
                || media == "application/yaml" || media == "application/x-yaml" || media == "application/javascript";

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
