using Alter.Typed.Generator.Model;

namespace Alter.Typed.Generator.Emit
{
    /// <summary>The provider class: its <c>ProviderDescriptor</c> (auth, API, error conventions) as object initializers.</summary>
    internal static partial class ProviderEmitter
    {
        private static void EmitProviderClass(SourceWriter w, ProviderModel model, bool jsonMetadata)
        {
            string title = DocComment.Escape(model.Name);
            DocComment.Element(w, "summary", DocComment.TextOr(model.Description is null ? null : model.Name + ": " + model.Description, title + " provider."));
            if (model.DocsUrl is not null)
            {
                DocComment.Element(w, "remarks", "Documentation: <see href=\"" + DocComment.Attribute(model.DocsUrl) + "\"/>.");
            }

            w.Line(CSharp.GeneratedCodeAttribute);
            w.Line("public static class " + model.ProviderClassName);
            w.Open();
            w.Line("/// <summary>The provider's description as the runtime sees it.</summary>");
            w.Line("public static global::Alter.Typed.ProviderDescriptor Descriptor { get; } = new global::Alter.Typed.ProviderDescriptor");
            w.Open();
            w.Line("Id = " + CSharp.Literal(model.Id) + ",");
            w.Line("Name = " + CSharp.Literal(model.Name) + ",");
            if (!model.ConnectionValues.IsEmpty)
            {
                w.Line("ConnectionValues = new global::Alter.Typed.ConnectionValue[]");
                w.Open();
                foreach (ConnectionValueModel value in model.ConnectionValues)
                {
                    w.Line("new global::Alter.Typed.ConnectionValue(" + CSharp.Literal(value.Name) + ", " + CSharp.Literal(value.Description) + ", "
                        + (value.Pattern is null ? "null" : CSharp.Literal(value.Pattern)) + "),");
                }

                w.Close(",");
            }

            EmitAuth(w, model.Auth);
            EmitApi(w, model.Api);
            if (model.Errors is not null)
            {
                EmitErrors(w, model.Errors);
            }

            EmitOperationList(w, model);
            w.Line(jsonMetadata
                ? "JsonTypeInfoResolver = new " + Qualified(model, model.ProviderClassName) + "." + JsonMetadataEmitter.ClassName + "(),"
                : "JsonTypeInfoResolver = global::Alter.Typed.Generated.JsonMetadata.ReflectionBased,");

            w.Close(";");
            if (jsonMetadata)
            {
                w.Line();
                JsonMetadataEmitter.Emit(w, model);
            }

            w.Close();
        }

        /// <summary>
        /// Every operation's descriptor, listed inline (a named member of the descriptors class could collide with an
        /// operation's field name): what the runtime maps an untyped request through and lists tools from.
        /// </summary>
        private static void EmitOperationList(SourceWriter w, ProviderModel model)
        {
            w.Line("Operations = new global::Alter.Typed.Generated.OperationDescriptor[]");
            w.Open();
            foreach (GroupModel group in model.Groups)
            {
                foreach (OperationModel operation in group.Operations)
                {
                    w.Line(Qualified(model, model.DescriptorsClassName) + "." + operation.FieldName + ",");
                }
            }

            w.Close(",");
        }

        private static void EmitAuth(SourceWriter w, AuthModel auth)
        {
            w.Line("Auth = new global::Alter.Typed.ProviderAuth");
            w.Open();
            w.Line("Kind = global::Alter.Typed.AuthKind." + auth.Kind + ",");
            Optional(w, "AuthorizationUrl", auth.AuthorizationUrl);
            Optional(w, "TokenUrl", auth.TokenUrl);
            Optional(w, "RefreshUrl", auth.RefreshUrl);
            Optional(w, "RevocationUrl", auth.RevocationUrl);
            if (auth.RevocationStyle is not null)
            {
                w.Line("RevocationStyle = global::Alter.Typed.RevocationStyle." + auth.RevocationStyle + ",");
            }

            Optional(w, "ScopeSeparator", auth.ScopeSeparator);
            if (auth.Pkce is not null)
            {
                w.Line("Pkce = " + CSharp.Literal(auth.Pkce.Value) + ",");
            }

            if (auth.DefaultScopes is not null)
            {
                w.Line("DefaultScopes = " + CSharp.StringArray(auth.DefaultScopes) + ",");
            }

            if (auth.ClientAuthentication is not null)
            {
                w.Line("ClientAuthentication = global::Alter.Typed.ClientAuthentication." + auth.ClientAuthentication + ",");
            }

            if (auth.Token is not null)
            {
                w.Line("Token = new global::Alter.Typed.TokenPlacement(" + CSharp.Literal(auth.Token.In) + ", " + CSharp.Literal(auth.Token.Name) + ", " + CSharp.Literal(auth.Token.Prefix) + "),");
            }

            if (auth.AuthorizationParameters is not null)
            {
                Dictionary(w, "AuthorizationParameters", auth.AuthorizationParameters);
            }

            Optional(w, "UserScopeParameter", auth.UserScopeParameter);
            w.Close(",");
        }

        private static void EmitApi(SourceWriter w, ApiModel api)
        {
            w.Line("Api = new global::Alter.Typed.ProviderApi");
            w.Open();
            w.Line("BaseUrl = " + CSharp.Literal(api.BaseUrl) + ",");
            w.Line("AllowedHosts = " + CSharp.StringArray(api.AllowedHosts) + ",");

            // Always explicit: the generator decided [JsonPropertyName] attributes assuming exactly this policy.
            w.Line("JsonNaming = " + CSharp.Literal(api.JsonNaming ?? Naming.JsonNaming.Default) + ",");
            if (api.Headers is not null)
            {
                Dictionary(w, "Headers", api.Headers);
            }

            w.Close(",");
        }

        private static void EmitErrors(SourceWriter w, ErrorsModel errors)
        {
            w.Line("Errors = new global::Alter.Typed.ProviderErrorConvention");
            w.Open();
            Optional(w, "OkProperty", errors.OkProperty);
            Optional(w, "CodeProperty", errors.CodeProperty);
            if (errors.ReauthCodes is not null)
            {
                w.Line("ReauthCodes = " + CSharp.StringArray(errors.ReauthCodes) + ",");
            }

            if (errors.ReauthStatus is not null)
            {
                w.Line("ReauthStatus = " + CSharp.IntArray(errors.ReauthStatus) + ",");
            }

            w.Close(",");
        }

        private static void Optional(SourceWriter w, string property, string? value)
        {
            if (value is not null)
            {
                w.Line(property + " = " + CSharp.Literal(value) + ",");
            }
        }

        private static void Dictionary(SourceWriter w, string property, EquatableArray<KeyValue> values)
        {
            w.Line(property + " = new global::System.Collections.Generic.Dictionary<string, string>");
            w.Open();
            foreach (KeyValue pair in values)
            {
                w.Line("[" + CSharp.Literal(pair.Key) + "] = " + CSharp.Literal(pair.Value) + ",");
            }

            w.Close(",");
        }
    }
}
