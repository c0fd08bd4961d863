using System.CommandLine;
using System.Text.Json.Nodes;
using Alter.Cli.Output;
using Alter.Typed;

namespace Alter.Cli.Commands;

/// <summary>
/// <c>alter providers list|show|configure</c>: the catalog providers this tool was built with, and an app's settings for
/// one of them (OAuth client, endpoint overrides). Local administration, no key needed.
/// </summary>
public static class ProvidersCommand
{
    private static readonly Column[] ListColumns =
    [
        new("id", "id"), new("name", "name"), new("auth", "auth"), new("operations", "operations", ColumnKind.Number), new("configured", "configured"),
    ];

    /// <summary>The <c>providers</c> command and its subcommands.</summary>
    public static Command Create(GlobalOptions global)
    {
        var providers = new Command("providers", "The catalog providers this tool knows, and apps' settings for them.");
        providers.Subcommands.Add(CreateList(global));
        providers.Subcommands.Add(CreateShow(global));
        providers.Subcommands.Add(CreateConfigure(global));
        return providers;
    }

    private static Option<string?> AppFilter() => new("--app") { Description = "Only this app's settings (name or id).", HelpName = "app" };

    private static Command CreateList(GlobalOptions global)
    {
        var app = AppFilter();
        var command = new Command("list", "List the catalog providers: id, name, auth kind, operation count, and which apps configured them.") { app };
        CliContext.SetAction(command, global, async (context, _) =>
        {
            var configured = Configured(context, context.Parse.GetValue(app));
            var rows = ProviderCatalog.Providers.Select(p => new JsonObject
            {
                ["id"] = p.Id,
                ["name"] = p.Name,
                ["auth"] = AuthName(p.Auth.Kind),
                ["operations"] = ProviderCatalog.OperationCount(p.Id),
                ["configured"] = new JsonArray([.. configured(p.Id).Select(a => (JsonNode)a)]),
            }).ToList();
            await context.Renderer.ListAsync(ListColumns, rows).ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command CreateShow(GlobalOptions global)
    {
        var id = new Argument<string>("provider") { Description = "The provider id, for example slack." };
        var app = AppFilter();
        var command = new Command("show", "Show a provider's description (auth, endpoints, hosts) and the settings apps stored for it (never the secret).") { id, app };
        CliContext.SetAction(command, global, async (context, _) =>
        {
            var provider = ProviderCatalog.Find(context.Parse.GetValue(id)!);
            var appName = context.Parse.GetValue(app);
            var admin = context.OpenAdmin();
            var apps = appName is null ? admin.ListApps() : [AppsCommand.Find(admin, appName)];
            var settings = new JsonArray();
            foreach (var a in apps)
            {
                if (admin.ListProviderSettings(a.Id).FirstOrDefault(s => string.Equals(s.Provider, provider.Id, StringComparison.OrdinalIgnoreCase)) is not { } s) continue;
                settings.Add(new JsonObject
                {
                    ["app"] = a.Name,
                    ["clientId"] = s.ClientId,
                    ["clientSecret"] = s.HasClientSecret ? "(stored, encrypted)" : null,
                    ["authorizationUrl"] = s.Overrides.AuthorizationUrl,
                    ["tokenUrl"] = s.Overrides.TokenUrl,
                    ["refreshUrl"] = s.Overrides.RefreshUrl,
                    ["revocationUrl"] = s.Overrides.RevocationUrl,
                    ["apiBaseUrl"] = s.Overrides.ApiBaseUrl,
                    ["allowedHosts"] = s.Overrides.AllowedHosts is { } hosts ? new JsonArray([.. hosts.Select(h => (JsonNode)h)]) : null,
                    ["scopes"] = s.Overrides.Scopes is { } scopes ? new JsonArray([.. scopes.Select(x => (JsonNode)x)]) : null,
                });
            }
            var item = new JsonObject
            {
                ["id"] = provider.Id,
                ["name"] = provider.Name,
                ["auth"] = AuthName(provider.Auth.Kind),
                ["authorizationUrl"] = provider.Auth.AuthorizationUrl,
                ["tokenUrl"] = provider.Auth.TokenUrl,
                ["refreshUrl"] = provider.Auth.RefreshUrl,
                ["revocationUrl"] = provider.Auth.RevocationUrl,
                ["pkce"] = provider.Auth.Pkce,
                ["defaultScopes"] = new JsonArray([.. provider.Auth.DefaultScopes.Select(x => (JsonNode)x)]),
                ["apiBaseUrl"] = provider.Api.BaseUrl,
                ["allowedHosts"] = new JsonArray([.. provider.Api.AllowedHosts.Select(h => (JsonNode)h)]),
                ["connectionValues"] = new JsonArray([.. provider.ConnectionValues.Select(v => (JsonNode)v.Name)]),
                ["operations"] = ProviderCatalog.OperationCount(provider.Id),
                ["environment"] = Environment.GetEnvironmentVariable(EnvPrefix(provider.Id) + "_CLIENT_ID") is { Length: > 0 } ? EnvPrefix(provider.Id) + "_CLIENT_ID" : null,
                ["settings"] = settings,
            };
            if (context.Format == OutputFormat.Table)
            {
                var summary = (JsonObject)item.DeepClone();
                summary.Remove("settings");
                await context.Renderer.ItemAsync(summary).ConfigureAwait(false);
                foreach (var s in settings)
                {
                    await context.Renderer.NoteAsync($"Settings of app {s!["app"]}:").ConfigureAwait(false);
                    var fields = (JsonObject)s.DeepClone();
                    fields.Remove("app");
                    await context.Renderer.ItemAsync(fields).ConfigureAwait(false);
                }
            }
            else
            {
                await context.Renderer.ItemAsync(item).ConfigureAwait(false);
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command CreateConfigure(GlobalOptions global)
    {
        var id = new Argument<string>("provider") { Description = "The provider id, for example slack." };
        var app = new Option<string>("--app") { Description = "The app whose settings these are (name or id).", Required = true, HelpName = "app" };
        var clientId = new Option<string?>("--client-id") { Description = "The OAuth client id of the app at the provider." };
        var clientSecret = new Option<string?>("--client-secret")
        {
            Description = "The OAuth client secret; '-' reads it from standard input. Stored encrypted with the vault key and never printed.",
            HelpName = "secret|-",
        };
        var authorizationUrl = new Option<string?>("--authorization-url") { Description = "Overrides the authorization endpoint." };
        var tokenUrl = new Option<string?>("--token-url") { Description = "Overrides the token endpoint." };
        var refreshUrl = new Option<string?>("--refresh-url") { Description = "Overrides where refresh tokens are redeemed (by default the description's refresh URL, else the token endpoint)." };
        var revocationUrl = new Option<string?>("--revocation-url") { Description = "Overrides the revocation endpoint." };
        var apiBaseUrl = new Option<string?>("--api-base-url") { Description = "Overrides the API base URL." };
        var allowedHost = new Option<string[]>("--allowed-host") { Description = "Replaces the hosts a token may go to (host or host:port); repeatable.", HelpName = "host" };
        var scope = new Option<string[]>("--scope") { Description = "Replaces the scopes requested on connect; repeatable.", HelpName = "scope" };
        var command = new Command("configure",
            "Store an app's settings for a provider: its OAuth client and endpoint overrides. Options not given keep their stored value.")
        {
            id, app, clientId, clientSecret, authorizationUrl, tokenUrl, refreshUrl, revocationUrl, apiBaseUrl, allowedHost, scope,
        };
        CliContext.SetAction(command, global, async (context, _) =>
        {
            var p = context.Parse;
            var provider = ProviderCatalog.Find(p.GetValue(id)!);
            var urls = new[] { ("--authorization-url", p.GetValue(authorizationUrl)), ("--token-url", p.GetValue(tokenUrl)), ("--refresh-url", p.GetValue(refreshUrl)), ("--revocation-url", p.GetValue(revocationUrl)), ("--api-base-url", p.GetValue(apiBaseUrl)) };
            foreach (var (name, value) in urls)
                if (value is not null && (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)))
                    throw new CliException(ExitCodes.BadInput, $"{name} '{value}' is not an absolute http(s) URL.");
            var hosts = p.GetValue(allowedHost) ?? [];
            foreach (var host in hosts)
                if (host.Length == 0 || host.Contains('/') || Uri.CheckHostName(host.Split(':')[0]) == UriHostNameType.Unknown)
                    throw new CliException(ExitCodes.BadInput, $"--allowed-host '{host}' is not a host or host:port.");
            var secret = p.GetValue(clientSecret);
            if (secret == "-") secret = (await Console.In.ReadLineAsync().ConfigureAwait(false))?.Trim();
            if (secret is { Length: 0 }) throw new CliException(ExitCodes.BadInput, "--client-secret is empty.");

            var admin = context.OpenAdmin();
            var info = AppsCommand.Find(admin, p.GetValue(app)!);
            var stored = admin.ListProviderSettings(info.Id).FirstOrDefault(s => string.Equals(s.Provider, provider.Id, StringComparison.OrdinalIgnoreCase));
            var scopes = p.GetValue(scope) ?? [];
            var settings = new ProviderSettings
            {
                ClientId = p.GetValue(clientId) ?? stored?.ClientId,
                ClientSecret = secret,   // null keeps the stored secret
                AuthorizationUrl = p.GetValue(authorizationUrl) ?? stored?.Overrides.AuthorizationUrl,
                TokenUrl = p.GetValue(tokenUrl) ?? stored?.Overrides.TokenUrl,
                RefreshUrl = p.GetValue(refreshUrl) ?? stored?.Overrides.RefreshUrl,
                RevocationUrl = p.GetValue(revocationUrl) ?? stored?.Overrides.RevocationUrl,
                ApiBaseUrl = p.GetValue(apiBaseUrl) ?? stored?.Overrides.ApiBaseUrl,
                AllowedHosts = hosts.Length > 0 ? hosts : stored?.Overrides.AllowedHosts,
                Scopes = scopes.Length > 0 ? scopes : stored?.Overrides.Scopes,
            };
            admin.ConfigureProvider(info.Id, provider.Id, settings);
            await context.Renderer.ItemAsync(new JsonObject
            {
                ["app"] = info.Name,
                ["provider"] = provider.Id,
                ["clientId"] = settings.ClientId,
                ["clientSecret"] = secret is not null || stored?.HasClientSecret == true ? "(stored, encrypted)" : null,
                ["authorizationUrl"] = settings.AuthorizationUrl,
                ["tokenUrl"] = settings.TokenUrl,
                ["refreshUrl"] = settings.RefreshUrl,
                ["revocationUrl"] = settings.RevocationUrl,
                ["apiBaseUrl"] = settings.ApiBaseUrl,
                ["allowedHosts"] = settings.AllowedHosts is { } h ? new JsonArray([.. h.Select(x => (JsonNode)x)]) : null,
                ["scopes"] = settings.Scopes is { } s ? new JsonArray([.. s.Select(x => (JsonNode)x)]) : null,
            }).ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>For each provider id, the apps (and <c>env</c>) that configured it.</summary>
    private static Func<string, IEnumerable<string>> Configured(CliContext context, string? appName)
    {
        var admin = context.OpenAdmin();
        var apps = appName is null ? admin.ListApps() : [AppsCommand.Find(admin, appName)];
        var byProvider = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var a in apps)
            foreach (var s in admin.ListProviderSettings(a.Id))
                (byProvider.TryGetValue(s.Provider, out var list) ? list : byProvider[s.Provider] = []).Add(a.Name);
        return id =>
        {
            var names = byProvider.TryGetValue(id, out var list) ? list : [];
            return Environment.GetEnvironmentVariable(EnvPrefix(id) + "_CLIENT_ID") is { Length: > 0 } ? [.. names, "env"] : names;
        };
    }

    internal static string AuthName(AuthKind kind) => kind switch
    {
        AuthKind.OAuth2 => "oauth2",
        AuthKind.ApiKey => "api-key",
        AuthKind.Bearer => "bearer",
        AuthKind.Basic => "basic",
        _ => kind.ToString().ToLowerInvariant(),
    };

    private static string EnvPrefix(string id) => "ALTER_" + id.ToUpperInvariant().Replace('-', '_');
}
