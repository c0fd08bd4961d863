using System.Collections.Generic;
using Alter.Typed.Generator.Model;

namespace Alter.Typed.Generator.Emit
{
    /// <summary>
    /// Emits a provider's System.Text.Json metadata: a nested <c>JsonMetadata</c> resolver of the provider class that
    /// describes every generated model and every list or dictionary the models and operations use, on the public
    /// <c>JsonMetadataServices</c> API (through the runtime's <c>Alter.Typed.Generated.JsonMetadata</c> helpers).
    /// </summary>
    /// <remarks>
    /// System.Text.Json's own generator cannot do this: generators never see each other's output, so a
    /// <c>[JsonSerializable]</c> context emitted here would stay empty. Scalars (string, numbers, bool, dates,
    /// <c>JsonElement</c>) come from the runtime's context behind this resolver. Properties are read and their init-only
    /// setters called through <c>[UnsafeAccessor]</c> externs, objects created through an <c>[UnsafeAccessor]</c>
    /// constructor (which a <c>required</c> member would otherwise forbid), one nested class per model.
    /// </remarks>
    internal static class JsonMetadataEmitter
    {
        public const string ClassName = "JsonMetadata";

        private const string Metadata = "global::System.Text.Json.Serialization.Metadata";
        private const string Helpers = "global::Alter.Typed.Generated.JsonMetadata";
        private const string Options = "global::System.Text.Json.JsonSerializerOptions";
        private const string UnsafeAccessor = "global::System.Runtime.CompilerServices.UnsafeAccessor";
        private const string UnsafeAccessorKind = "global::System.Runtime.CompilerServices.UnsafeAccessorKind";

        public static void Emit(SourceWriter w, ProviderModel model)
        {
            string ns = model.Namespace;
            var objects = new List<ClassModel>();
            var collections = new List<TypeRef>();
            var seen = new HashSet<string>();
            foreach (ClassModel model1 in model.Classes)
            {
                // A multipart request is never JSON: it writes its parts (its JSON parts are its objects and lists).
                if (!(model1.Kind == ClassKind.Request && model1.Multipart))
                {
                    objects.Add(model1);
                }

                foreach (PropertyModel property in model1.Properties)
                {
                    if (property.Role == PropertyRole.Body)
                    {
                        CollectCollections(property.Type, ns, seen, collections);
                    }
                }
            }

            foreach (GroupModel group in model.Groups)
            {
                foreach (OperationModel operation in group.Operations)
                {
                    if (operation.BodyType is not null)
                    {
                        CollectCollections(operation.BodyType, ns, seen, collections);
                    }

                    if (operation.ResponseType is not null)
                    {
                        CollectCollections(operation.ResponseType, ns, seen, collections);
                    }
                }
            }

            w.Line("/// <summary>");
            w.Line("/// The System.Text.Json metadata of " + DocComment.Escape(model.Name) + "'s models, lists and dictionaries, built without");
            w.Line("/// reflection (Native AOT, trimming). Property names follow the provider's naming policy.");
            w.Line("/// </summary>");
            w.Line("private sealed class " + ClassName + " : " + Metadata + ".IJsonTypeInfoResolver");
            w.Open();
            EmitGetTypeInfo(w, ns, objects, collections);
            foreach (ClassModel model1 in objects)
            {
                w.Line();
                EmitObject(w, ns, model1);
            }

            w.Close();
        }

        private static void EmitGetTypeInfo(SourceWriter w, string ns, List<ClassModel> objects, List<TypeRef> collections)
        {
            w.Line("/// <inheritdoc/>");
            w.Line("public " + Metadata + ".JsonTypeInfo? GetTypeInfo(global::System.Type type, " + Options + " options)");
            w.Open();
            foreach (ClassModel model1 in objects)
            {
                string type = "global::" + ns + "." + model1.Name;
                w.Line("if (type == typeof(" + type + ")) return " + HolderName(model1) + ".Info(options);");
            }

            foreach (TypeRef collection in collections)
            {
                string element = RuntimeType(collection.Element!, ns);
                string helper = collection.Kind == TypeKind.List ? "List" : "Dictionary";
                w.Line("if (type == typeof(" + RuntimeType(collection, ns) + ")) return " + Helpers + "." + helper + "<" + element + ">(options);");
            }

            w.Line("return null;");
            w.Close();
        }

        /// <summary>
        /// One model's metadata, in a nested class of its own. The accessors are passed as explicit <c>new Func/Action</c>
        /// delegates: an implicit method-group conversion (or a lambda) makes the compiler emit a cached-delegate field per
        /// conversion, which roughly doubled the metadata's compile time on the GitHub import (28 s against 16 s, one
        /// in-process compile each on a loaded 2-core machine; 2.5-6 s without the metadata). Metadata is built once per
        /// options and type, so the cache bought nothing.
        /// </summary>
        private static void EmitObject(SourceWriter w, string ns, ClassModel model)
        {
            string type = "global::" + ns + "." + model.Name;
            w.Line("private static class " + HolderName(model));
            w.Open();
            w.Line("public static " + Metadata + ".JsonTypeInfo Info(" + Options + " options)");
            w.Indent();
            w.Line("=> " + Helpers + ".Object<" + type + ">(options, New, Properties);");
            w.Unindent();
            w.Line();
            w.Line("private static " + Metadata + ".JsonPropertyInfo[] Properties(" + Options + " options)");
            w.Indent();
            w.Line("=> new " + Metadata + ".JsonPropertyInfo[]");
            w.Open();
            var body = new List<PropertyModel>();
            foreach (PropertyModel property in model.Properties)
            {
                if (property.Role != PropertyRole.Body)
                {
                    continue; // path, query and header parameters: [JsonIgnore], never in the body
                }

                body.Add(property);
                string jsonName = property.EmitJsonPropertyName ? CSharp.Literal(property.JsonName) : "null";
                string propertyType = CSharp.Type(property.Type, ns);
                w.Line(Helpers + ".Property<" + type + ", " + propertyType + ">(options, " + CSharp.Literal(property.Name) + ", " + jsonName
                    + ", new global::System.Func<" + type + ", " + propertyType + ">(Get_" + property.Name + "), new global::System.Action<" + type + ", " + propertyType + ">(Set_" + property.Name + ")),");
            }

            w.Close(";");
            w.Unindent();
            w.Line();
            w.Line("[" + UnsafeAccessor + "(" + UnsafeAccessorKind + ".Constructor)]");
            w.Line("private static extern " + type + " New();");
            foreach (PropertyModel property in body)
            {
                string propertyType = CSharp.Type(property.Type, ns);
                w.Line();
                w.Line("[" + UnsafeAccessor + "(" + UnsafeAccessorKind + ".Method, Name = " + CSharp.Literal("get_" + property.Name) + ")]");
                w.Line("private static extern " + propertyType + " Get_" + property.Name + "(" + type + " instance);");
                w.Line();
                w.Line("[" + UnsafeAccessor + "(" + UnsafeAccessorKind + ".Method, Name = " + CSharp.Literal("set_" + property.Name) + ")]");
                w.Line("private static extern void Set_" + property.Name + "(" + type + " instance, " + propertyType + " value);");
            }

            w.Close();
        }

        /// <summary>The nested class holding a model's metadata (a prefix: a nested class may not take its container's name).</summary>
        private static string HolderName(ClassModel model) => "Of" + model.Name;

        /// <summary>Every list and dictionary inside <paramref name="type"/> (itself included), inner ones first, once each.</summary>
        private static void CollectCollections(TypeRef type, string ns, HashSet<string> seen, List<TypeRef> collections)
        {
            if (type.Kind != TypeKind.List && type.Kind != TypeKind.Dictionary)
            {
                return;
            }

            CollectCollections(type.Element!, ns, seen, collections);
            if (seen.Add(RuntimeType(type, ns)))
            {
                collections.Add(type);
            }
        }

        /// <summary>
        /// The type as <c>typeof</c> sees it: nullable value types keep their <c>?</c> (<c>Nullable&lt;T&gt;</c> is its own
        /// type), nullable reference types drop it (an annotation, not a type, and refused by <c>typeof</c>).
        /// </summary>
        private static string RuntimeType(TypeRef type, string ns)
        {
            switch (type.Kind)
            {
                case TypeKind.List:
                    return "global::System.Collections.Generic.IReadOnlyList<" + RuntimeType(type.Element!, ns) + ">";
                case TypeKind.Dictionary:
                    return "global::System.Collections.Generic.IReadOnlyDictionary<string, " + RuntimeType(type.Element!, ns) + ">";
                default:
                    return CSharp.Type(type.IsValueType ? type : type.WithNullable(false), ns);
            }
        }
    }
}
