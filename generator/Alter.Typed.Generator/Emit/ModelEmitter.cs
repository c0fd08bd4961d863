using System.Collections.Generic;
using Alter.Typed.Generator.Model;

namespace Alter.Typed.Generator.Emit
{
    /// <summary>
    /// Emits model classes: <c>public sealed partial</c>, <c>{ get; init; }</c> properties, <c>required</c> for the required
    /// members of request classes only (answers may omit what a description calls required), <c>[JsonPropertyName]</c> only where the provider's naming policy would not produce the JSON name.
    /// Request classes also implement <c>IAlterRequest</c> to write their (JSON-ignored) parameter properties.
    /// </summary>
    internal static class ModelEmitter
    {
        private const string JsonPropertyName = "global::System.Text.Json.Serialization.JsonPropertyName";
        private const string JsonIgnore = "global::System.Text.Json.Serialization.JsonIgnore";

        private const string RequiredRemark = "The provider documents this member as always present; an answer without it"
            + " (a partial object, a <c>$select</c>) leaves it at its default rather than failing the call.";

        public static void Emit(SourceWriter w, ProviderModel provider, ClassModel model)
        {
            string ns = provider.Namespace;
            string origin = DocComment.Escape(model.Origin);
            string fallback = model.Kind switch
            {
                ClassKind.Schema => "The <c>" + origin + "</c> schema of " + DocComment.Escape(provider.Name) + ".",
                ClassKind.Request => "The request of <c>" + origin + "</c>.",
                ClassKind.Response => "The response of <c>" + origin + "</c>.",
                _ => "The object at <c>" + origin + "</c> of the " + DocComment.Escape(provider.Name) + " description.",
            };
            DocComment.Element(w, "summary", DocComment.TextOr(model.Description, fallback));
            bool hasParameters = false, hasBody = false;
            foreach (PropertyModel property in model.Properties)
            {
                hasParameters |= model.Kind == ClassKind.Request && property.Role != PropertyRole.Body;
                hasBody |= property.Role == PropertyRole.Body;
            }

            if (hasParameters && hasBody)
            {
                DocComment.Element(w, "remarks", "The properties documented as parameters go to the path, query or headers; the others make up the body.");
            }

            w.Line(CSharp.GeneratedCodeAttribute);

            // Only what the request has to write: no empty WriteParameters on a request that is all body.
            var interfaces = new List<string>();
            if (hasParameters)
            {
                interfaces.Add("global::Alter.Typed.Generated.IAlterRequest");
            }

            if (model.Kind == ClassKind.Request && model.Multipart)
            {
                interfaces.Add("global::Alter.Typed.Generated.IAlterMultipartRequest");
            }

            w.Line("public sealed partial class " + model.Name + (interfaces.Count == 0 ? string.Empty : " : " + string.Join(", ", interfaces)));
            w.Open();
            bool first = true;
            foreach (PropertyModel property in model.Properties)
            {
                if (!first)
                {
                    w.Line();
                }

                first = false;
                EmitProperty(w, ns, property, model.Kind == ClassKind.Request);
            }

            if (hasParameters)
            {
                if (!first)
                {
                    w.Line();
                }

                first = false;
                EmitWriteParameters(w, model);
            }

            if (model.Kind == ClassKind.Request && model.Multipart)
            {
                if (!first)
                {
                    w.Line();
                }

                EmitWriteParts(w, model);
            }

            w.Close();
        }

        private static void EmitProperty(SourceWriter w, string ns, PropertyModel property, bool isRequest)
        {
            string json = DocComment.Escape(property.JsonName);
            string fallback = property.Role switch
            {
                PropertyRole.Body => "The <c>" + json + "</c> property.",
                PropertyRole.Path => "The <c>{" + json + "}</c> path parameter.",
                PropertyRole.Header => "The <c>" + json + "</c> header.",
                _ => "The <c>" + json + "</c> query parameter.",
            };
            DocComment.Element(w, "summary", DocComment.TextOr(property.Doc.Description, fallback));
            var remarks = new List<string>();
            if (property.Role != PropertyRole.Body && property.Doc.Description is not null)
            {
                remarks.Add(property.Role switch
                {
                    PropertyRole.Path => "Sent as the <c>{" + json + "}</c> path parameter.",
                    PropertyRole.Header => "Sent as the <c>" + json + "</c> header.",
                    _ => "Sent as the <c>" + json + "</c> query parameter.",
                });
            }

            string facts = DocComment.Facts(property.Doc);
            if (facts.Length > 0)
            {
                remarks.Add(facts);
            }

            // C# `required` only where the caller builds the object. Models that answers fill (named schemas are shared by
            // requests and responses) read what providers really send: a documented-required member that an answer
            // leaves out (a `$select`, a partial object, docs that disagree with the spec) keeps its default.
            bool required = property.Required && isRequest;
            if (property.Required && !isRequest)
            {
                remarks.Add(RequiredRemark);
            }

            if (remarks.Count > 0)
            {
                DocComment.Element(w, "remarks", string.Join(" ", remarks));
            }

            if (property.Role != PropertyRole.Body)
            {
                w.Line("[" + JsonIgnore + "]");
            }
            else if (property.EmitJsonPropertyName)
            {
                w.Line("[" + JsonPropertyName + "(" + CSharp.Literal(property.JsonName) + ")]");
            }

            // A documented-required reference member that is not `required` starts as null until an answer sets it: `default!`
            // says so to the compiler (CS8618) while the type keeps the provider's word that answers carry it.
            bool startsNull = property.Required && !required && !property.Type.IsValueType && !property.Type.Nullable;
            w.Line("public " + (required ? "required " : string.Empty) + CSharp.Type(property.Type, ns) + " " + property.Name + " { get; init; }" + (startsNull ? " = default!;" : string.Empty));
        }

        /// <summary>A multipart request's body: one part per body property, in schema order, under its JSON name.</summary>
        private static void EmitWriteParts(SourceWriter w, ClassModel model)
        {
            w.Line("/// <inheritdoc/>");
            w.Line("void global::Alter.Typed.Generated.IAlterMultipartRequest.WriteParts(global::Alter.Typed.Generated.MultipartParts parts)");
            w.Open();
            foreach (PropertyModel property in model.Properties)
            {
                if (property.Role == PropertyRole.Body)
                {
                    w.Line("parts." + Part(property) + ";");
                }
            }

            w.Close();
        }

        private static string Part(PropertyModel property)
        {
            string name = CSharp.Literal(property.JsonName);
            string value = property.Name;
            switch (property.Type.Kind)
            {
                case TypeKind.File:
                    return "File(" + name + ", " + value + ")";
                case TypeKind.String:
                case TypeKind.Boolean:
                case TypeKind.Int64:
                case TypeKind.Double:
                    return "Field(" + name + ", " + value + ")";
                case TypeKind.Int32:
                    return "Field(" + name + ", (long?)" + value + ")";
                case TypeKind.DateTimeOffset:
                    return "Field(" + name + ", " + value + (property.Type.Nullable ? "?" : string.Empty) + ".ToString(\"O\", " + CSharp.Invariant + "))";
                default:
                    // Objects, arrays, dictionaries and any JSON: a JSON part.
                    return "Json(" + name + ", " + value + ")";
            }
        }

        private static void EmitWriteParameters(SourceWriter w, ClassModel model)
        {
            w.Line("/// <inheritdoc/>");
            w.Line("void global::Alter.Typed.Generated.IAlterRequest.WriteParameters(global::Alter.Typed.Generated.RequestArguments arguments)");
            w.Open();
            foreach (PropertyModel property in model.Properties)
            {
                switch (property.Role)
                {
                    case PropertyRole.Body:
                        break;
                    case PropertyRole.Path:
                        // Path values are never null: only a set property is written.
                        if (property.Type.IsValueType)
                        {
                            w.Line("if (" + property.Name + ".HasValue) arguments." + Arguments.Call("path", property.JsonName, property.Name + ".Value", property.Type.WithNullable(false)) + ";");
                        }
                        else
                        {
                            w.Line("if (" + property.Name + " is not null) arguments." + Arguments.Call("path", property.JsonName, property.Name, property.Type.WithNullable(false)) + ";");
                        }

                        break;
                    case PropertyRole.Header:
                        w.Line("arguments." + Arguments.Call("header", property.JsonName, property.Name, property.Type) + ";");
                        break;
                    case PropertyRole.QueryJoined:
                        w.Line("arguments." + Arguments.Call("query", property.JsonName, property.Name, property.Type, joined: true) + ";");
                        break;
                    default:
                        w.Line("arguments." + Arguments.Call("query", property.JsonName, property.Name, property.Type) + ";");
                        break;
                }
            }

            w.Close();
        }
    }
}
