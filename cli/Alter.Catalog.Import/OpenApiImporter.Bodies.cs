using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using NJsonSchema;
using NSwag;

namespace Alter.Catalog.Import;

public static partial class OpenApiImporter
{
    /// <summary>An operation's request body (JSON, form, multipart, raw; Swagger 2 and OpenAPI 3) and its response.</summary>
    private sealed partial class Run
    {
        private static bool IsJson(string contentType)
        {
            string media = contentType.Split(';')[0].Trim().ToLowerInvariant();
            return media is "application/json" or "*/*" or "text/json" || media.EndsWith("+json", StringComparison.Ordinal);
        }

        private bool Body(OpenApiOperation operation, string pointer, string hint, JsonObject result)
        {
            if (_swagger2)
            {
                return Swagger2Body(operation, pointer, hint, result);
            }

            OpenApiRequestBody? body = operation.ActualRequestBody;
            if (body is null || body.Content.Count == 0)
            {
                return true;
            }

            string at = pointer + "/requestBody/content/";
            string? json = body.Content.Keys.FirstOrDefault(IsJson);
            string? form = body.Content.Keys.FirstOrDefault(k => MediaType(k) == "application/x-www-form-urlencoded");
            string? multipart = body.Content.Keys.FirstOrDefault(k => MediaType(k) == "multipart/form-data");

            // "*/*" with a string schema is raw bytes (GitHub's release asset upload), not a JSON string.
            string? anyBytes = null;
            if (json is not null && MediaType(json) == "*/*" && body.Content[json].Schema?.ActualSchema is { } anySchema
                && (anySchema.Type & ~JsonObjectType.Null) is JsonObjectType.String or JsonObjectType.File)
            {
                (anyBytes, json) = (json, null);
            }

            // JSON, then form, then multipart; otherwise a raw body of the first media type the document lists.
            string chosen = json ?? form ?? multipart ?? anyBytes ?? body.Content.Keys.First();
            string? contentType = json is not null ? "application/json"
                : form is not null ? "application/x-www-form-urlencoded"
                : chosen == anyBytes ? "application/octet-stream"
                : MediaType(chosen);
            if (contentType is null)
            {
                Warn(pointer + "/requestBody", $"the request body is '{chosen}', which is not a media type (type/subtype); this operation is left out");
                return false;
            }

            JsonSchema? schema = body.Content[chosen].Schema;
            var converted = new JsonObject { ["contentType"] = contentType };
            if (body.IsRequired)
            {
                converted["required"] = true;
            }

            if (json is not null || form is not null || multipart is not null)
            {
                JsonObject convertedSchema = schema is null ? new JsonObject() : _schemas.Convert(schema, at + SpecReader.Escape(chosen) + "/schema", hint + "Body");
                if (chosen == multipart && !convertedSchema.ContainsKey("properties") && !convertedSchema.ContainsKey("$ref"))
                {
                    Warn(pointer + "/requestBody", "the multipart/form-data body is not an object (its properties are the parts); this operation is left out");
                    return false;
                }

                converted["schema"] = convertedSchema;
            }
            else
            {
                // A raw body: no schema (the caller passes the bytes with their media type, so every listed type works);
                // the description keeps what the schema said and the other media types.
                string? text = !string.IsNullOrWhiteSpace(body.Description) ? body.Description.Trim() : schema?.Description?.Trim();
                string? types = body.Content.Count > 1
                    ? "Media types: " + string.Join(", ", body.Content.Keys.Select(MediaType).Where(m => m is not null).Distinct()) + "."
                    : null;
                string description = string.Join(" ", new[] { text, types }.Where(t => !string.IsNullOrEmpty(t)));
                if (description.Length > 0)
                {
                    converted["description"] = description;
                }
            }

            if (!converted.ContainsKey("description") && !string.IsNullOrWhiteSpace(body.Description))
            {
                converted["description"] = body.Description.Trim();
            }

            result["requestBody"] = converted;
            return true;
        }

        /// <summary>A media type as the description writes it: <c>type/subtype</c>, lower-case, without parameters; null when it is not one.</summary>
        private static string? MediaType(string contentType)
        {
            string media = contentType.Split(';')[0].Trim().ToLowerInvariant();
            int slash = media.IndexOf('/');
            return slash > 0 && slash < media.Length - 1 && media.IndexOf('/', slash + 1) < 0 && media.All(c => c > ' ' && c < 0x7F && c != ',' && c != '"')
                ? media
                : null;
        }

        /// <summary>
        /// Whether an array query parameter repeats its name per value: OpenAPI 3's default (style form, explode true) and
        /// Swagger 2's <c>collectionFormat: multi</c>; Swagger 2's default <c>csv</c> and <c>explode: false</c> join with commas.
        /// </summary>
        private bool Exploded(OpenApiParameter parameter, string at)
        {
            if (parameter.CollectionFormat == OpenApiParameterCollectionFormat.Multi)
            {
                return true;
            }

            if (parameter.CollectionFormat is OpenApiParameterCollectionFormat.Ssv or OpenApiParameterCollectionFormat.Tsv or OpenApiParameterCollectionFormat.Pipes
                || parameter.Style is OpenApiParameterStyle.SpaceDelimeted or OpenApiParameterStyle.PipeDelimited)
            {
                Warn(at, $"the array parameter '{parameter.Name}' is space-, tab- or pipe-delimited, which the format cannot express; it is sent comma-separated");
                return false;
            }

            // Swagger 2 without multi: csv, its default. OpenAPI 3: explode unless it says otherwise.
            return !_swagger2 && parameter.Explode != false;
        }

        private bool Swagger2Body(OpenApiOperation operation, string pointer, string hint, JsonObject result)
        {
            var parameters = operation.ActualParameters.Select(p => p.ActualParameter).ToList();
            OpenApiParameter? bodyParameter = parameters.FirstOrDefault(p => p.Kind == OpenApiParameterKind.Body);
            if (bodyParameter is not null)
            {
                int index = parameters.IndexOf(bodyParameter);
                var converted = new JsonObject { ["contentType"] = "application/json" };
                if (bodyParameter.IsRequired)
                {
                    converted["required"] = true;
                }

                converted["schema"] = bodyParameter.Schema is null ? new JsonObject() : _schemas.Convert(bodyParameter.Schema, pointer + "/parameters/" + index + "/schema", hint + "Body");
                if (!string.IsNullOrWhiteSpace(bodyParameter.Description))
                {
                    converted["description"] = bodyParameter.Description.Trim();
                }

                result["requestBody"] = converted;
                return true;
            }

            var fields = parameters.Where(p => p.Kind == OpenApiParameterKind.FormData && !IsCredential(p)).ToList();
            if (fields.Count == 0)
            {
                return true;
            }

            ICollection<string> consumes = operation.ActualConsumes ?? [];
            bool hasFile = fields.Any(f => f.Type.HasFlag(JsonObjectType.File));
            bool urlEncoded = consumes.Count == 0 || consumes.Any(c => c.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase));
            // A file field, or a form that is only multipart/form-data: a multipart body (file fields are format: binary).
            bool isMultipart = hasFile || !urlEncoded;

            var properties = new JsonObject();
            var required = new JsonArray();
            foreach (OpenApiParameter field in fields)
            {
                if (properties.ContainsKey(field.Name))
                {
                    continue;
                }

                int index = parameters.IndexOf(field);
                JsonObject schema = _schemas.Convert(field, pointer + "/parameters/" + index, hint + Naming.ToPascal(field.Name));
                _schemas.PropertyNames.Add(field.Name);
                properties[field.Name] = schema;
                if (field.IsRequired)
                {
                    required.Add(field.Name);
                }
            }

            var objectSchema = new JsonObject { ["type"] = "object" };
            if (required.Count > 0)
            {
                objectSchema["required"] = required;
            }

            objectSchema["properties"] = properties;
            result["requestBody"] = new JsonObject
            {
                ["contentType"] = isMultipart ? "multipart/form-data" : "application/x-www-form-urlencoded",
                ["required"] = required.Count > 0,
                ["schema"] = objectSchema,
            };
            return true;
        }

        private JsonObject? Response(OpenApiOperation operation, string pointer, string hint)
        {
            var successes = operation.ActualResponses
                .Where(r => r.Key.Length == 3 && r.Key[0] == '2' && int.TryParse(r.Key, out _))
                .OrderBy(r => r.Key, StringComparer.Ordinal)
                .ToList();
            if (successes.Count == 0)
            {
                return null;
            }

            // The first success with a body, else the first success.
            KeyValuePair<string, OpenApiResponse> chosen = successes.FirstOrDefault(r => HasBody(r.Value.ActualResponse), successes[0]);
            OpenApiResponse response = chosen.Value.ActualResponse;
            int status = int.Parse(chosen.Key, System.Globalization.CultureInfo.InvariantCulture);
            var result = new JsonObject();
            if (status != 200)
            {
                result["status"] = status;
            }

            string at = pointer + "/responses/" + chosen.Key;
            JsonSchema? schema = null;
            if (_swagger2)
            {
                schema = response.Schema;
                at += "/schema";
                ICollection<string> produces = operation.ActualProduces ?? [];
                if (schema is not null && produces.Count > 0 && !produces.Any(IsJson) && MediaType(produces.First()) is string produced)
                {
                    // Produces only non-JSON: the method returns the text or the bytes.
                    result["contentType"] = produced;
                    schema = null;
                }
            }
            else if (response.Content.Count > 0)
            {
                string? json = response.Content.Keys.FirstOrDefault(IsJson);
                string? other = response.Content.Keys.Select(MediaType).FirstOrDefault(m => m is not null);
                if (json is null && other is not null)
                {
                    // Not JSON: the method returns the text (text/*, XML, YAML) or the bytes (anything else).
                    result["contentType"] = other;
                }
                else if (json is null)
                {
                    Warn(at + "/content", $"the response is {string.Join(" or ", response.Content.Keys)}, not JSON nor a media type; the method returns no content (use the untyped Request for the body)");
                }
                else
                {
                    schema = response.Content[json].Schema;
                    at += "/content/" + SpecReader.Escape(json) + "/schema";
                }
            }

            if (schema is not null)
            {
                result["schema"] = _schemas.Convert(schema, at, hint + "Response");
            }

            if (!string.IsNullOrWhiteSpace(response.Description))
            {
                result["description"] = response.Description.Trim();
            }

            return result.Count == 0 ? null : result;
        }

        private bool HasBody(OpenApiResponse response) => _swagger2 ? response.Schema is not null : response.Content.Count > 0;
    }
}
