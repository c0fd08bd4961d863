using Alter.Typed.Generator.Model;

namespace Alter.Typed.Generator.Emit
{
    /// <summary>
    /// Emits <c>services.AddAlter()</c> for the typed <c>App</c>: registers the app and each typed client with dependency
    /// injection, through the runtime's <c>AlterServiceCollectionExtensions</c> (configuration, options,
    /// <c>IHttpClientFactory</c>). The runtime cannot name <c>App</c> (it is generated in the consumer's assembly), so this
    /// small extension is generated next to it. Appended to <c>App.g.cs</c>, after <see cref="AppEmitter"/>'s output.
    /// </summary>
    internal static class ServiceCollectionEmitter
    {
        private const string Services = "global::Microsoft.Extensions.DependencyInjection.IServiceCollection";
        private const string Runtime = "global::Microsoft.Extensions.DependencyInjection.AlterServiceCollectionExtensions";
        private const string Builder = "global::Microsoft.Extensions.DependencyInjection.IAlterBuilder";

        public static string Emit(AppModel app)
        {
            var w = new SourceWriter();
            w.Line();
            w.Line("namespace Microsoft.Extensions.DependencyInjection");
            w.Open();
            w.Line("/// <summary>Registers the typed <see cref=\"global::Alter.Typed.App\"/> and its provider clients with dependency injection.</summary>");
            w.Line(CSharp.GeneratedCodeAttribute);
            w.Line("public static partial class AlterAppServiceCollectionExtensions");
            w.Open();
            w.Line("/// <summary>");
            w.Line("/// Adds the typed <see cref=\"global::Alter.Typed.App\"/> as a singleton, opened with the API key <c>Alter:ApiKey</c> of the");
            w.Line("/// configuration (else <c>ALTER_API_KEY</c>) and options bound from the <c>Alter</c> section, sending through");
            w.Line("/// <c>IHttpClientFactory</c>; and each typed client as a singleton acting under the app's only grant for its provider.");
            w.Line("/// </summary>");
            if (!app.Providers.IsEmpty)
            {
                w.Line("/// <remarks>Injectable clients: " + ClientList(app) + ".</remarks>");
            }

            w.Line("/// <param name=\"services\">The service collection.</param>");
            w.Line("/// <param name=\"configure\">Adjusts the options after the configuration is bound; optional.</param>");
            w.Line("/// <returns>A builder to add handlers to the app's call pipeline (<c>.AddHttpMessageHandler&lt;T&gt;()</c>); its <c>Services</c> is <paramref name=\"services\"/>.</returns>");
            w.Line("public static " + Builder + " AddAlter(this " + Services + " services, global::System.Action<global::Alter.Typed.AlterOptions>? configure = null)");
            w.Open();
            w.Line(Runtime + ".AddAlterApp(services, static (apiKey, options) => new global::Alter.Typed.App(apiKey, options), configure);");
            foreach (AppProviderModel provider in app.Providers)
            {
                w.Line(Runtime + ".AddAlterClient(services, static (global::Alter.Typed.App app) => app." + provider.PropertyName + ");");
            }

            w.Line("return " + Runtime + ".AlterBuilder(services);");
            w.Close();
            w.Close();
            w.Close();
            return w.ToString();
        }

        private static string ClientList(AppModel app)
        {
            var parts = new string[app.Providers.Count];
            for (int i = 0; i < parts.Length; i++)
            {
                AppProviderModel provider = app.Providers[i];
                parts[i] = "<see cref=\"global::Alter.Typed." + provider.PascalName + "." + provider.PascalName + "Client\"/>";
            }

            return string.Join(", ", parts);
        }
    }
}
