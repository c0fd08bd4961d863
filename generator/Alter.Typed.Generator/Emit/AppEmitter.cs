using Alter.Typed.Generator.Model;

namespace Alter.Typed.Generator.Emit
{
    /// <summary>Emits <c>App.g.cs</c>: the typed <c>App</c> with one lazily created client property per provider (ordered by id).</summary>
    internal static class AppEmitter
    {
        public const string HintName = "App.g.cs";

        public static string Emit(AppModel app)
        {
            var w = new SourceWriter();
            w.Line(CSharp.Header);
            w.Line("#nullable enable");
            w.Line();
            w.Line("namespace Alter.Typed");
            w.Open();
            w.Line("/// <summary>The application's entry point, with a typed client for each provider description in the build.</summary>");
            if (app.Providers.IsEmpty)
            {
                w.Line("/// <remarks>No provider description (<c>*.provider.json</c> AdditionalFiles) is part of this build.</remarks>");
            }
            else
            {
                var ids = new string[app.Providers.Count];
                for (int i = 0; i < ids.Length; i++)
                {
                    ids[i] = app.Providers[i].Id;
                }

                w.Line("/// <remarks>Providers: " + DocComment.CodeList(ids) + ".</remarks>");
            }

            w.Line(CSharp.GeneratedCodeAttribute);
            w.Line("public sealed partial class App : global::Alter.Typed.AlterApp");
            w.Open();
            w.Line("/// <summary>Opens the app identified by <paramref name=\"apiKey\"/>.</summary>");
            w.Line("/// <param name=\"apiKey\">The app's API key.</param>");
            w.Line("/// <param name=\"options\">Options of the app; <see langword=\"null\"/> for the defaults.</param>");
            w.Line("public App(string apiKey, global::Alter.Typed.AlterOptions? options = null)");
            w.Indent();
            w.Line(": base(apiKey, options, s_providers)");
            w.Unindent();
            w.Open();
            w.Close();
            w.Line();
            if (app.Providers.IsEmpty)
            {
                w.Line("private static readonly global::Alter.Typed.ProviderDescriptor[] s_providers = global::System.Array.Empty<global::Alter.Typed.ProviderDescriptor>();");
            }
            else
            {
                w.Line("private static readonly global::Alter.Typed.ProviderDescriptor[] s_providers = new global::Alter.Typed.ProviderDescriptor[]");
                w.Open();
                foreach (AppProviderModel provider in app.Providers)
                {
                    w.Line("global::Alter.Typed." + provider.PascalName + "." + provider.PascalName + "Provider.Descriptor,");
                }

                w.Close(";");
            }

            w.Line();
            w.Line("/// <summary>The providers this App was generated with, by id (no API key needed to read them).</summary>");
            w.Line("public static global::System.Collections.Generic.IReadOnlyList<global::Alter.Typed.ProviderDescriptor> Catalog => s_providers;");

            foreach (AppProviderModel provider in app.Providers)
            {
                string client = "global::Alter.Typed." + provider.PascalName + "." + provider.PascalName + "Client";
                string field = CSharp.FieldName(provider.PropertyName);
                string name = DocComment.Escape(provider.Name);
                w.Line();
                w.Line("private " + client + "? " + field + ";");
                w.Line();
                string what = provider.Description is null ? name : name + ": " + DocComment.Escape(ProviderEmitter.SingleLine(provider.Description));
                w.Line("/// <summary>" + what + "</summary>");
                w.Line("/// <remarks>Calls act for the principal the options name, else the app itself, under its " + name + " grant; <c>ForUser</c>, <c>WithAccount</c> and <c>WithGrant</c> choose.</remarks>");
                w.Line("public " + client + " " + provider.PropertyName + " => " + field + " ??= new " + client + "(this);");
            }

            w.Close();
            w.Close();
            return w.ToString();
        }
    }
}
