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
    internal sealed partial class DescriptionParser
    {
        public const int FormatVersion = 1;

        public static readonly string[] RootKeys = { "formatVersion", "id", "name", "description", "docsUrl", "source", "defaultOperations", "connectionValues", "auth", "api", "errors", "operations", "schemas" };
        public static readonly string[] AuthKeys = { "kind", "authorizationUrl", "tokenUrl", "refreshUrl", "revocationUrl", "revocationStyle", "scopeSeparator", "pkce", "defaultScopes", "clientAuthentication", "token", "authorizationParameters", "userScopeParameter" };
        public static readonly string[] TokenKeys = { "in", "name", "prefix" };
        public static readonly string[] ApiKeys = { "baseUrl", "allowedHosts", "jsonNaming", "headers" };
        public static readonly string[] ErrorsKeys = { "okProperty", "codeProperty", "reauthCodes", "reauthStatus" };
        public static readonly string[] OperationKeys = { "id", "method", "path", "summary", "description", "docsUrl", "scopes", "parameters", "requestBody", "response", "group", "name", "pagination" };
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
        private OperationFilter? _filter;

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
            if (ParseJson(text) is not JsonNode rootNode || _ctx.AsObject(rootNode, "$") is not JsonObject root)
            {
                return Failed();
            }

            _ctx.CheckKeys(root, "$", RootKeys, new[] { "$schema" });
            NameCharacters.Check(_ctx, root);
            CheckFormatVersion(root);
            string? id = ReadId(root);
            string? name = _ctx.NonEmptyString(root, "name", "$");
            string? pascal = name is null ? null : PascalName(root, name);

            string? description = _ctx.String(root, "description", "$");
            string? docsUrl = _ctx.DocsUrl(root, "docsUrl", "$");
            CheckSource(root);

            // No selection from the consumer: the description's default set, when it names one (full catalog surfaces).
            // A selection of "*" is a full run: every operation and every model, as with no selection before.
            OperationFilter? defaults = ReadDefaultOperations(root);
            _filter ??= defaults;
            if (_filter is not null && _filter.SelectsEverything)
            {
                _filter = null;
            }

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
            var typeNames = new NameScope(new[] { typePrefix + "Provider", typePrefix + "Operations", typePrefix + "OperationDescriptors", typePrefix + "Client" }, Identifiers.MaxTypeNameLength);
            var resolver = new SchemaResolver(_ctx, typeNames, api?.JsonNaming ?? JsonNaming.Default, lazyClasses: _filter is not null);

            List<OperationDraft> drafts = SelectedOperations(root, id ?? name ?? "?");
            List<GroupDraft> groups = AssignNames(drafts, typePrefix, typeNames);

            if (_ctx.Object(root, "schemas", "$") is JsonObject schemas)
            {
                resolver.RegisterNamed(schemas, "$.schemas");
            }

            if (_filter is null)
            {
                resolver.ResolveNamed();
            }
            else
            {
                resolver.ResolveReached(drafts.ConvertAll(draft => draft.Node));
            }

            foreach (OperationDraft draft in drafts)
            {
                _cancellationToken.ThrowIfCancellationRequested();
                draft.Model = ReadOperation(draft, resolver, typeNames);
            }

            ReadPaginations(drafts, resolver.Classes);

            if (_ctx.HasErrors || id is null || name is null || pascal is null || auth is null || api is null)
            {
                return new ParseResult(null, _ctx.Diagnostics, key);
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
                GroupModels(groups),
                new EquatableArray<ClassModel>(resolver.Classes.ToArray()),
                connectionValues);
            return new ParseResult(model, _ctx.Diagnostics, key);
        }

        private JsonNode? ParseJson(string text)
        {
            try
            {
                return JsonParser.Parse(text);
            }
            catch (JsonParseException e)
            {
                int length = e.Offset < text.Length ? 1 : 0;
                _ctx.Report(
                    DiagnosticDescriptors.JsonSyntaxError,
                    new TextSpan(e.Offset, length),
                    new LinePositionSpan(e.Position, new LinePosition(e.Position.Line, e.Position.Character + length)),
                    e.Message);
                return null;
            }
        }

        private void CheckFormatVersion(JsonObject root)
        {
            JsonNode? version = _ctx.Field(root, "formatVersion", "$", required: true);
            if (version is not null && !(version is JsonNumber n && n.TryGetInt32(out int v) && v == FormatVersion))
            {
                string shown = version is JsonNumber number ? number.RawText : version.KindDescription;
                _ctx.Invalid(version, "$.formatVersion", "unsupported formatVersion " + shown + "; this generator reads format version 1");
            }
        }

        private string? ReadId(JsonObject root)
        {
            string? id = _ctx.String(root, "id", "$", required: true);
            if (id is not null && !IsValidId(id))
            {
                _ctx.Invalid(root.Find("id")!.Value, "$.id", "'" + id + "' is not a provider id: use lower-case letters, digits and '-', starting with a letter or digit");
                return null;
            }

            return id;
        }

        /// <summary>The C# name of the provider, or null when the runtime's <c>Alter.Typed</c> namespace already has a type of that name.</summary>
        private string? PascalName(JsonObject root, string name)
        {
            string pascal = Identifiers.ToPascal(name);
            // Ignoring case: <Pascal>.g.cs must not collide with App.g.cs (Roslyn compares hint names ignoring case).
            if (Array.Exists(ReservedNames.RuntimeTypes, t => string.Equals(t, pascal, StringComparison.OrdinalIgnoreCase)))
            {
                _ctx.Invalid(root.Find("name")!.Value, "$.name", "'" + name + "' becomes the C# name '" + pascal + "', which the runtime's Alter.Typed namespace already uses; choose another name");
                return null;
            }

            return pascal;
        }

        /// <summary>The operations' headers, only the selected ones when an operation filter is in force (ALTER009 when none is).</summary>
        private List<OperationDraft> SelectedOperations(JsonObject root, string providerName)
        {
            JsonArray? operations = _ctx.Array(root, "operations", "$");
            List<OperationDraft> drafts = operations is null ? new List<OperationDraft>() : ReadOperationHeaders(operations);
            if (_filter is not null)
            {
                drafts = drafts.FindAll(draft => _filter.Selects(draft.Id, draft.PathTemplate));
                if (drafts.Count == 0)
                {
                    _ctx.ReportAtStart(DiagnosticDescriptors.NoOperationSelected, (JsonNode?)operations ?? root, _filter.Text, providerName);
                }
            }

            return drafts;
        }

        private static EquatableArray<GroupModel> GroupModels(List<GroupDraft> groups)
        {
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

            return new EquatableArray<GroupModel>(groupModels.ToArray());
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
    }
}
