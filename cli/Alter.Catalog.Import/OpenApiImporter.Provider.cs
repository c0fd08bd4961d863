using System.Text.Json.Nodes;
using NSwag;

namespace Alter.Catalog.Import;

public static partial class OpenApiImporter
{
    /// <summary>The provider-level parts of the description: auth (OAuth 2.0 flows, API keys, bearer, basic) and the API's base URL and hosts.</summary>
    private sealed partial class Run
    {
        private JsonObject Auth()
        {
            IDictionary<string, OpenApiSecurityScheme> schemes = _document.Components?.SecuritySchemes ?? new Dictionary<string, OpenApiSecurityScheme>();
            string pointer = _swagger2 ? "/securityDefinitions" : "/components/securitySchemes";
            foreach ((string name, OpenApiSecurityScheme scheme) in schemes)
            {
                if (scheme.Type != OpenApiSecuritySchemeType.OAuth2)
                {
                    continue;
                }

                OpenApiOAuthFlow? flow = scheme.Flows?.AuthorizationCode;
                string? authorizationUrl = flow?.AuthorizationUrl ?? (scheme.Flow == OpenApiOAuth2Flow.AccessCode ? scheme.AuthorizationUrl : null);
                string? tokenUrl = flow?.TokenUrl ?? (scheme.Flow == OpenApiOAuth2Flow.AccessCode ? scheme.TokenUrl : null);
                if (IsHttpUrl(authorizationUrl) && IsHttpUrl(tokenUrl))
                {
                    _oauthScheme = name;
                    return new JsonObject { ["kind"] = "oauth2", ["authorizationUrl"] = authorizationUrl, ["tokenUrl"] = tokenUrl };
                }
            }

            foreach ((string name, OpenApiSecurityScheme scheme) in schemes)
            {
                if (scheme.Type == OpenApiSecuritySchemeType.OAuth2)
                {
                    _oauthScheme ??= name;
                }

                if (scheme.Type == OpenApiSecuritySchemeType.Http && string.Equals(scheme.Scheme, "bearer", StringComparison.OrdinalIgnoreCase))
                {
                    return new JsonObject { ["kind"] = "bearer" };
                }
            }

            foreach ((string name, OpenApiSecurityScheme scheme) in schemes)
            {
                if (scheme.Type == OpenApiSecuritySchemeType.ApiKey && scheme.In is OpenApiSecurityApiKeyLocation.Header or OpenApiSecurityApiKeyLocation.Query && !string.IsNullOrWhiteSpace(scheme.Name))
                {
                    string location = scheme.In == OpenApiSecurityApiKeyLocation.Header ? "header" : "query";
                    _apiKey = (location, scheme.Name);
                    return new JsonObject { ["kind"] = "apiKey", ["token"] = new JsonObject { ["in"] = location, ["name"] = scheme.Name } };
                }

                if ((scheme.Type == OpenApiSecuritySchemeType.Basic) || (scheme.Type == OpenApiSecuritySchemeType.Http && string.Equals(scheme.Scheme, "basic", StringComparison.OrdinalIgnoreCase)))
                {
                    return new JsonObject { ["kind"] = "basic" };
                }
            }

            Warn(pointer, schemes.Count == 0
                ? "the document declares no security scheme; auth is set to a bearer token (edit 'auth' for OAuth 2.0)"
                : "no OAuth 2.0 authorization-code flow with both URLs, bearer, API key or basic scheme; auth is set to a bearer token (edit 'auth' for OAuth 2.0)");
            return new JsonObject { ["kind"] = "bearer" };
        }

        private JsonObject Api()
        {
            string? baseUrl = _document.BaseUrl;
            OpenApiServer? server = _document.Servers?.FirstOrDefault();
            if (server is not null && server.Url is not null && server.Url.Contains('{', StringComparison.Ordinal))
            {
                baseUrl = server.Url;
                foreach ((string variable, OpenApiServerVariable value) in server.Variables)
                {
                    baseUrl = baseUrl.Replace("{" + variable + "}", value.Default ?? string.Empty, StringComparison.Ordinal);
                }
            }

            if (!IsHttpUrl(baseUrl))
            {
                throw SpecReader.Fail(_file, _swagger2 ? "/host" : "/servers", $"no absolute http(s) base URL ('{baseUrl}'): the document must name its server (servers[0].url, or host and basePath)");
            }

            if (!baseUrl!.EndsWith('/'))
            {
                baseUrl += "/";
            }

            var uri = new Uri(baseUrl);
            return new JsonObject
            {
                ["baseUrl"] = baseUrl,
                ["allowedHosts"] = new JsonArray(uri.IsDefaultPort ? uri.Host : uri.Host + ":" + uri.Port),
            };
        }

        // ---- operations ----
    }
}
