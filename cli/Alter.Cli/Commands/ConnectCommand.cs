using System.CommandLine;
using System.Diagnostics;
using System.Text.Json.Nodes;
using Alter.Cli.Output;
using Alter.Typed;
using Spectre.Console;

namespace Alter.Cli.Commands;

/// <summary>
/// <c>alter connect &lt;provider&gt;</c>: the browser OAuth flow (<c>app.Connect</c>), creating a grant. Without a
/// browser (<c>--no-browser</c>, or none can be started) the authorization URL is printed on its own line,
/// <c>Open this URL to connect: &lt;url&gt;</c>, and the tool waits for the redirect back to 127.0.0.1.
/// </summary>
public static class ConnectCommand
{
    /// <summary>The text before the URL on the line printed when no browser is opened.</summary>
    public const string UrlPrompt = "Open this URL to connect: ";

    internal static readonly Column[] Fields =
        [new("provider", "provider"), new("grant", "grant"), new("principal", "principal"), new("account", "account"), new("scopes", "scopes")];

    /// <summary>The <c>connect</c> command.</summary>
    public static Command Create(GlobalOptions global)
    {
        var providerId = new Argument<string>("provider") { Description = "The provider id, for example slack." };
        var key = GlobalOptions.CreateKeyOption();
        var principal = GlobalOptions.CreatePrincipalOption("Who owns the new grant: only calls acting for this principal can use it.");
        var scope = new Option<string[]>("--scope") { Description = "A scope to request instead of the defaults; repeatable.", HelpName = "scope" };
        var value = new Option<string[]>("--value") { Description = "A per-connection value the provider's URLs need, name=value (for example subdomain=acme); repeatable.", HelpName = "name=value" };
        var timeout = new Option<string>("--timeout") { Description = "How long to wait for the browser to come back (30s, 5m, ...).", DefaultValueFactory = _ => "5m", HelpName = "duration" };
        var noBrowser = new Option<bool>("--no-browser") { Description = "Do not start a browser: print the URL to open instead." };
        var command = new Command("connect", "Connect a provider through the browser (OAuth) and print the new grant.") { providerId, key, principal, scope, value, timeout, noBrowser };

        CliContext.SetAction(command, global, async (context, cancellationToken) =>
        {
            var p = context.Parse;
            var provider = ProviderCatalog.Find(p.GetValue(providerId)!);
            var wait = Durations.Parse(p.GetValue(timeout)!, "--timeout");
            var values = ParseValues(p.GetValue(value) ?? []);
            var scopes = p.GetValue(scope) ?? [];
            var headless = p.GetValue(noBrowser);

            var options = context.CreateOptions();
            options.ConnectTimeout = wait;
            var urlShown = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            options.OpenBrowser = async (url, _) =>
            {
                if (headless || !TryStartBrowser(url))
                {
                    // On its own line, as is: a person copies it, a script or a test watches for it.
                    var writer = context.Format == OutputFormat.Table ? context.Output : context.Error;
                    await writer.WriteLineAsync(UrlPrompt + url.AbsoluteUri).ConfigureAwait(false);
                    await writer.FlushAsync(CancellationToken.None).ConfigureAwait(false);
                }
                urlShown.TrySetResult();
            };

            await using var app = context.OpenApp(key, options);
            var connecting = app.Connect([provider.Id], new ConnectOptions
            {
                Owner = context.GetPrincipal(principal),
                Scopes = scopes.Length > 0 ? scopes : null,
                ConnectionValues = values.Count > 0 ? values : null,
            }, cancellationToken);
            await Task.WhenAny(urlShown.Task, connecting).ConfigureAwait(false);
            if (context.Interactive && !connecting.IsCompleted)
            {
                await context.Renderer.Console.Status().Spinner(Spinner.Known.Dots)
                    .StartAsync($"Waiting for {Markup.Escape(provider.Name)} in the browser (up to {Durations.Format(wait)}; Ctrl+C to stop)...", _ => connecting)
                    .ConfigureAwait(false);
            }
            var result = (await connecting.ConfigureAwait(false))[0];
            await context.Renderer.ItemAsync(new JsonObject
            {
                ["provider"] = result.Provider,
                ["grant"] = result.GrantId,
                ["principal"] = result.Owner.Key,
                ["account"] = result.Account,
                ["scopes"] = new JsonArray([.. result.Scopes.Select(s => (JsonNode)s)]),
            }, Fields).ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Dictionary<string, string> ParseValues(string[] pairs)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in pairs)
        {
            var at = pair.IndexOf('=', StringComparison.Ordinal);
            if (at <= 0) throw new CliException(ExitCodes.BadInput, $"--value '{pair}' is not name=value.");
            values[pair[..at]] = pair[(at + 1)..];
        }
        return values;
    }

    /// <summary>Starts the desktop's browser; false when there is none (a server, a container, an SSH session).</summary>
    private static bool TryStartBrowser(Uri url)
    {
        try
        {
            if (OperatingSystem.IsWindows())
            {
                using var started = Process.Start(new ProcessStartInfo(url.AbsoluteUri) { UseShellExecute = true });
                return started is not null;
            }
            if (OperatingSystem.IsLinux() || OperatingSystem.IsFreeBSD())
            {
                if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DISPLAY")) && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("WAYLAND_DISPLAY")))
                    return false;
                using var opened = Process.Start(new ProcessStartInfo("xdg-open") { ArgumentList = { url.AbsoluteUri }, UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true });
                return opened is not null;
            }
            using var open = Process.Start(new ProcessStartInfo("open") { ArgumentList = { url.AbsoluteUri }, UseShellExecute = false });
            return open is not null;
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException or PlatformNotSupportedException)
        {
            return false;
        }
    }
}
