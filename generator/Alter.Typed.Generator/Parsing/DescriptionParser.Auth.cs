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
    /// <summary>The <c>auth</c> section: how tokens are obtained and sent.</summary>
    internal sealed partial class DescriptionParser
    {
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
    }
}
