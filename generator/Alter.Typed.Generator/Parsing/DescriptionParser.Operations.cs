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
    /// <summary>One operation: its parameters, request body, request class, response and method parameters.</summary>
    internal sealed partial class DescriptionParser
    {
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

        /// <summary>The request body of an operation as read: its kind, type and (for an object) the schema its properties come from.</summary>
        private sealed class BodyDraft
        {
            public string Kind { get; set; } = "None";

            public string? RawMediaType { get; set; }

            public (JsonObject Schema, string Path)? ObjectBody { get; set; }

            public TypeRef? Type { get; set; }

            public bool Required { get; set; }

            public string? Description { get; set; }
        }

        /// <summary>The request class of an operation, if it has one.</summary>
        private readonly struct RequestDraft
        {
            public RequestDraft(string? className, bool required, RequestContents contents) => (ClassName, Required, Contents) = (className, required, contents);

            public string? ClassName { get; }

            public bool Required { get; }

            public RequestContents Contents { get; }
        }

        /// <summary>The response of an operation as read.</summary>
        private sealed class ResponseDraft
        {
            public TypeRef? Type { get; set; }

            public int? Status { get; set; }

            public string? Description { get; set; }

            public string? MediaType { get; set; }
        }

        private OperationModel? ReadOperation(OperationDraft draft, SchemaResolver resolver, NameScope typeNames)
        {
            JsonObject node = draft.Node;
            string path = draft.Path;
            string baseName = draft.GroupPascal + draft.MethodPascal;

            string? summary = _ctx.String(node, "summary", path);
            string? description = _ctx.String(node, "description", path);
            string? docsUrl = _ctx.DocsUrl(node, "docsUrl", path);
            EquatableArray<string>? scopes = _ctx.StringArray(node, "scopes", path);

            List<ParameterDraft> parameters = ReadParameters(node, path, resolver, baseName);
            CheckPlaceholders(draft, parameters);
            BodyDraft body = ReadRequestBody(node, path, resolver, baseName);

            // Optional parameters go to the request class only when the body is an object, or there is none.
            bool optionalInRequest = body.Type is null;
            RequestDraft request = BuildRequestClass(draft, parameters, body, optionalInRequest, resolver, typeNames, baseName);
            ResponseDraft response = ReadResponse(node, path, resolver, baseName, draft.Id ?? path);
            List<ParameterModel> methodParameters = MethodParameters(parameters, request.ClassName is not null, body.Type is not null, optionalInRequest);

            if (draft.Id is null || draft.Method is null || draft.PathTemplate is null || draft.Group is null)
            {
                return null;
            }

            // Kept for the pagination pass, which runs once every class is built.
            draft.Parameters = parameters;
            draft.Body = body;
            draft.Response = response;

            return new OperationModel(
                draft.Id,
                draft.FieldName,
                draft.MethodPascal,
                draft.Method.Substring(0, 1) + draft.Method.Substring(1).ToLowerInvariant(),
                draft.PathTemplate,
                body.Kind,
                summary,
                description,
                docsUrl,
                scopes,
                new EquatableArray<ParameterModel>(methodParameters.ToArray()),
                request.ClassName,
                request.Required,
                request.Contents,
                body.Type,
                body.Required,
                body.Description,
                response.Type,
                response.Status,
                response.Description,
                body.Kind == "Raw" ? body.RawMediaType : null,
                response.MediaType);
        }

        /// <summary>The <c>requestBody</c>: its kind from the media type, and its type (a raw body, a whole value, or an object whose properties are flattened).</summary>
        private BodyDraft ReadRequestBody(JsonObject node, string path, SchemaResolver resolver, string baseName)
        {
            var body = new BodyDraft();
            JsonObject? requestBody = _ctx.Object(node, "requestBody", path);
            if (requestBody is null)
            {
                return body;
            }

            string bodyPath = ParseContext.Child(path, "requestBody");
            _ctx.CheckKeys(requestBody, bodyPath, RequestBodyKeys);
            string contentType = MediaType(requestBody, bodyPath) ?? "application/json";
            body.Kind = contentType switch
            {
                "application/json" => "Json",
                "application/x-www-form-urlencoded" => "Form",
                "multipart/form-data" => "Multipart",
                _ => "Raw",
            };
            body.Required = _ctx.Boolean(requestBody, "required", bodyPath) ?? false;
            body.Description = _ctx.String(requestBody, "description", bodyPath);

            // A raw body is the caller's bytes with their media type: a schema, if any, only documents it.
            if (body.Kind == "Raw")
            {
                body.Type = new TypeRef(TypeKind.RawBody, !body.Required);
                body.RawMediaType = contentType;
                return body;
            }

            if (_ctx.Field(requestBody, "schema", bodyPath, required: true) is JsonNode schema)
            {
                ResolveBodySchema(body, schema, ParseContext.Child(bodyPath, "schema"), resolver, baseName);
            }

            return body;
        }

        private void ResolveBodySchema(BodyDraft body, JsonNode schema, string schemaPath, SchemaResolver resolver, string baseName)
        {
            body.ObjectBody = resolver.ObjectBody(schema, schemaPath);
            if (body.ObjectBody is null && body.Kind == "Multipart")
            {
                _ctx.Invalid(schema, schemaPath, "a multipart/form-data body must be an object with properties (each property is a part), or a $ref to one");
            }
            else if (body.ObjectBody is null)
            {
                TypeRef type = resolver.Resolve(schema, schemaPath, baseName + "Body");
                body.Type = body.Required ? type : type.WithNullable(true);
            }
            else if (!ReferenceEquals(body.ObjectBody.Value.Schema, schema))
            {
                // A $ref to a named class: check the reference itself once, then flatten its properties.
                resolver.Resolve(schema, schemaPath, baseName + "Body");
            }
        }

        /// <summary>The request class: optional parameters (when <paramref name="optionalInRequest"/>) and the body's properties.</summary>
        private RequestDraft BuildRequestClass(OperationDraft draft, List<ParameterDraft> parameters, BodyDraft body, bool optionalInRequest, SchemaResolver resolver, NameScope typeNames, string baseName)
        {
            List<ParameterDraft> optional = parameters.FindAll(parameter => !parameter.Required);
            (JsonObject Schema, string Path)? objectBody = body.ObjectBody;
            bool bodyHasProperties = objectBody is not null && (objectBody.Value.Schema.Find("properties")?.Value as JsonObject)?.Properties.Length > 0;
            if (!((optionalInRequest && optional.Count > 0) || bodyHasProperties))
            {
                return new RequestDraft(null, false, RequestContents.None);
            }

            string requestClass = typeNames.Allocate(baseName + "Request");
            int slot = resolver.ReserveSlot();
            NameScope members = SchemaResolver.MemberScope(requestClass);
            List<PropertyModel> properties = ParameterProperties(optional, requestClass, members);
            if (objectBody is not null)
            {
                properties.AddRange(resolver.ReadProperties(objectBody.Value.Schema, objectBody.Value.Path, requestClass, members, PropertyRole.Body, multipart: body.Kind == "Multipart"));
            }

            bool requestRequired = false, hasParameters = false, hasBody = false;
            foreach (PropertyModel property in properties)
            {
                requestRequired |= property.Required;
                hasParameters |= property.Role != PropertyRole.Body;
                hasBody |= property.Role == PropertyRole.Body;
            }

            RequestContents contents = hasParameters && hasBody ? RequestContents.ParametersAndBody : hasBody ? RequestContents.Body : RequestContents.Parameters;
            string? requestDescription = body.Description ?? (objectBody?.Schema.Find("description")?.Value as JsonString)?.Value;
            resolver.FillSlot(slot, new ClassModel(requestClass, ClassKind.Request, draft.Id ?? draft.Path, requestDescription, new EquatableArray<PropertyModel>(properties.ToArray()), body.Kind == "Multipart"));
            return new RequestDraft(requestClass, requestRequired, contents);
        }

        /// <summary>The optional parameters as properties of the request class, each with the role that says where it goes.</summary>
        private static List<PropertyModel> ParameterProperties(List<ParameterDraft> optional, string requestClass, NameScope members)
        {
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

            return properties;
        }

        /// <summary>The <c>response</c>: a JSON answer is typed from its schema; text and binary answers are a string or bytes.</summary>
        private ResponseDraft ReadResponse(JsonObject node, string path, SchemaResolver resolver, string baseName, string origin)
        {
            var result = new ResponseDraft();
            if (_ctx.Object(node, "response", path) is not JsonObject response)
            {
                return result;
            }

            string responsePath = ParseContext.Child(path, "response");
            _ctx.CheckKeys(response, responsePath, ResponseKeys);
            if (_ctx.Field(response, "status", responsePath, required: false) is JsonNode statusNode)
            {
                result.Status = _ctx.Int32(statusNode, ParseContext.Child(responsePath, "status"));
                if (result.Status is < 100 or > 599)
                {
                    _ctx.Invalid(statusNode, ParseContext.Child(responsePath, "status"), "an HTTP status code is between 100 and 599");
                }
            }

            result.Description = _ctx.String(response, "description", responsePath);
            string? responseMedia = MediaType(response, responsePath);
            if (responseMedia is not null && !IsJsonMediaType(responseMedia))
            {
                // Not JSON: the method returns the text or the bytes; a schema, if any, only documents them.
                result.Type = new TypeRef(IsTextMediaType(responseMedia) ? TypeKind.String : TypeKind.Bytes, false);
                result.MediaType = responseMedia;
            }
            else if (_ctx.Field(response, "schema", responsePath, required: false) is JsonNode schema)
            {
                result.Type = resolver.Resolve(
                    schema,
                    ParseContext.Child(responsePath, "schema"),
                    baseName + "Response",
                    root: (ClassKind.Response, origin, result.Description));
            }

            return result;
        }

        /// <summary>Method parameters: required ones in order, then (no request class to hold them) the optional ones.</summary>
        private static List<ParameterModel> MethodParameters(List<ParameterDraft> parameters, bool hasRequestClass, bool hasBody, bool optionalInRequest)
        {
            var scope = new NameScope(new[] { OperationModel.CancellationTokenName });
            if (hasRequestClass)
            {
                scope.Reserve(OperationModel.RequestParameterName);
            }

            if (hasBody)
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

            return methodParameters;
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
    }
}
