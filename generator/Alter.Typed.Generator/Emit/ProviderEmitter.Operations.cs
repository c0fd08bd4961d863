using System.Collections.Generic;
using System.Text;
using Alter.Typed.Generator.Model;

namespace Alter.Typed.Generator.Emit
{
    /// <summary>
    /// The operations' side of <c>&lt;Pascal&gt;.g.cs</c>: the policy-id constants (<c>SlackOperations</c>) and the
    /// operation descriptors, with what AI tools need (summary, invoker, query parameters).
    /// </summary>
    internal static partial class ProviderEmitter
    {
        /// <summary>
        /// One <c>const string</c> per operation holding its policy id (<c>slack:chat.postMessage</c>), so an access policy
        /// names operations the compiler checks: a typo is a build error, not a rule that silently matches nothing.
        /// </summary>
        private static void EmitOperationIdsClass(SourceWriter w, ProviderModel model)
        {
            w.Line("/// <summary>The policy ids of " + DocComment.Escape(model.Name) + "'s operations (<c>" + DocComment.Escape(model.Id) + ":&lt;operation id&gt;</c>), for an access policy (<c>AccessPolicyBuilder.Allow</c>): a misspelt operation does not compile.</summary>");
            w.Line(CSharp.GeneratedCodeAttribute);
            w.Line("public static class " + model.OperationsClassName);
            w.Open();
            foreach (OperationModel operation in EachOperationSeparated(w, model))
            {
                w.Line("/// <summary><c>" + DocComment.Escape(model.Id + ":" + operation.Id) + "</c>: <c>" + operation.HttpMethod.ToUpperInvariant() + " " + DocComment.Escape(operation.Path) + "</c>.</summary>");
                w.Line("public const string " + operation.FieldName + " = " + CSharp.Literal(model.Id + ":" + operation.Id) + ";");
            }

            w.Close();
        }

        // ---- operation descriptors ----

        private static void EmitOperationsClass(SourceWriter w, ProviderModel model)
        {
            w.Line("/// <summary>The operations of " + DocComment.Escape(model.Name) + " as the runtime sees them: id, HTTP method, path and body encoding.</summary>");
            w.Line(CSharp.GeneratedCodeAttribute);
            w.Line("internal static class " + model.DescriptorsClassName);
            w.Open();
            foreach (OperationModel operation in EachOperationSeparated(w, model))
            {
                w.Line("/// <summary><c>" + DocComment.Escape(operation.Id) + "</c>: <c>" + operation.HttpMethod.ToUpperInvariant() + " " + DocComment.Escape(operation.Path) + "</c>.</summary>");
                w.Line("internal static readonly global::Alter.Typed.Generated.OperationDescriptor " + operation.FieldName + " = new("
                    + CSharp.Literal(model.Id) + ", "
                    + CSharp.Literal(operation.Id) + ", "
                    + "global::System.Net.Http.HttpMethod." + operation.HttpMethod + ", "
                    + CSharp.Literal(operation.Path) + ", "
                    + "global::Alter.Typed.Generated.BodyKind." + operation.BodyKind + ")"
                    + DescriptorInitializer(model, operation) + ";");
            }

            w.Close();
        }

        /// <summary>
        /// The descriptor's optional members: the description's scopes and summary, and the AI tool's shape
        /// (<c>OperationTool.For&lt;TRequest, TResponse&gt;()</c>, one shared instance per pair) for the operations a tool
        /// can call from JSON arguments.
        /// </summary>
        private static string DescriptorInitializer(ProviderModel model, OperationModel operation)
        {
            var members = new List<string>();
            if (operation.Scopes is { } scopes)
            {
                members.Add("Scopes = " + StringArray(scopes));
            }

            if ((operation.Summary ?? operation.Description) is { } summary)
            {
                members.Add("Summary = " + CSharp.Literal(summary));
            }

            if (operation.Pagination is not null)
            {
                members.Add("Pagination = " + PaginationExpression(operation.Pagination));
            }

            if (ToolExpression(model, operation) is { } tool)
            {
                members.Add("Tool = " + tool);
                if (ToolQuery(model, operation) is { } query)
                {
                    members.Add("ToolQuery = " + query);
                }
            }

            return members.Count == 0 ? string.Empty : " { " + string.Join(", ", members) + " }";
        }

        /// <summary>
        /// The request object's query parameters as <c>name:kind</c> (kind: string, boolean, integer, number, array, csv),
        /// which a tool takes as arguments of their own (the request's JSON metadata leaves them out); null when none.
        /// </summary>
        private static string? ToolQuery(ProviderModel model, OperationModel operation)
        {
            if (operation.RequestClassName is null)
            {
                return null;
            }

            var entries = new List<string>();
            foreach (ClassModel type in model.Classes)
            {
                if (type.Name != operation.RequestClassName)
                {
                    continue;
                }

                foreach (PropertyModel property in type.Properties)
                {
                    if (property.Role == PropertyRole.Query || property.Role == PropertyRole.QueryJoined)
                    {
                        string kind = property.Role == PropertyRole.QueryJoined ? "csv" : property.Type.Kind switch
                        {
                            TypeKind.Boolean => "boolean",
                            TypeKind.Int32 or TypeKind.Int64 => "integer",
                            TypeKind.Double => "number",
                            TypeKind.List => "array",
                            _ => "string",
                        };
                        entries.Add(property.JsonName + ":" + kind);
                    }
                }
            }

            return entries.Count == 0 ? null : StringArray(new EquatableArray<string>(entries.ToArray()));
        }

        /// <summary>
        /// How an AI tool calls the operation, or null when it cannot from JSON arguments alone: a required query or
        /// header parameter outside the request object, a body that is not a request object, a file upload or raw body.
        /// </summary>
        private static string? ToolExpression(ProviderModel model, OperationModel operation)
        {
            if (operation.BodyType is not null || operation.BodyKind == "Multipart" || operation.BodyKind == "Raw")
            {
                return null;
            }

            foreach (ParameterModel parameter in operation.Parameters)
            {
                if (!parameter.Optional && parameter.In != "path")
                {
                    return null;
                }
            }

            string? request = operation.RequestClassName is null ? null : Qualified(model, operation.RequestClassName);
            string? response = operation.ResponseType is null ? null : CSharp.Type(operation.ResponseType, model.Namespace);
            const string Tool = "global::Alter.Typed.Generated.OperationTool.";
            if (response is null)
            {
                return request is null ? Tool + "NoContent()" : Tool + "NoContent<" + request + ">()";
            }

            return request is null ? Tool + "For<" + response + ">()" : Tool + "For<" + request + ", " + response + ">()";
        }

        /// <summary>A <c>new string[] { … }</c> expression of literals (empty: <c>global::System.Array.Empty&lt;string&gt;()</c>).</summary>
        private static string StringArray(EquatableArray<string> values)
        {
            if (values.IsEmpty)
            {
                return "global::System.Array.Empty<string>()";
            }

            var text = new StringBuilder("new string[] { ");
            bool first = true;
            foreach (string value in values)
            {
                text.Append(first ? "" : ", ").Append(CSharp.Literal(value));
                first = false;
            }

            return text.Append(" }").ToString();
        }
    }
}
