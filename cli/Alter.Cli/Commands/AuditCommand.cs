using System.CommandLine;
using System.Text.Json.Nodes;
using Alter.Cli.Output;
using Alter.Typed;

namespace Alter.Cli.Commands;

/// <summary>
/// <c>alter audit list</c>: the app's audit log, newest first (acts as the app: needs its key); <c>verify</c> and
/// <c>prune</c>: its integrity and retention (<see cref="AuditIntegrityCommands"/>).
/// </summary>
public static class AuditCommand
{
    private static readonly Column[] ListColumns =
    [
        new("at", "at", ColumnKind.Time), new("principal", "principal"), new("provider", "provider"), new("operation", "operation"),
        new("grant", "grant"), new("status", "status", ColumnKind.Number), new("outcome", "outcome"), new("ms", "latencyMs", ColumnKind.Number),
    ];

    /// <summary>The <c>audit</c> command and its subcommand.</summary>
    public static Command Create(GlobalOptions global)
    {
        var key = GlobalOptions.CreateKeyOption();
        var audit = new Command("audit", "Read the app's audit log (the app is the one --key opens).") { key };
        var since = new Option<string?>("--since") { Description = "Only rows this recent (24h, 7d, 30m) or since this ISO 8601 date (2026-01-31, 2026-01-31T12:00:00Z).", HelpName = "24h|7d|date" };
        var provider = new Option<string?>("--provider") { Description = "Only this provider's rows.", HelpName = "provider" };
        var grant = new Option<string?>("--grant") { Description = "Only this grant's rows.", HelpName = "grant" };
        var limit = new Option<int>("--limit") { Description = "At most this many rows (newest first).", DefaultValueFactory = _ => 100, HelpName = "n" };
        var principal = GlobalOptions.CreatePrincipalOption("Only rows of calls that acted for this principal.");
        principal.Description = principal.Description!.Replace(" Default: the app itself.", " Default: every principal.", StringComparison.Ordinal);
        var list = new Command("list", "List audit rows, newest first: who called what, for whom, with which result and latency.") { since, provider, grant, principal, limit };
        CliContext.SetAction(list, global, async (context, cancellationToken) =>
        {
            var p = context.Parse;
            var query = new AuditQuery
            {
                Since = p.GetValue(since) is { } s ? Durations.ParseSince(s, DateTimeOffset.UtcNow) : null,
                Provider = p.GetValue(provider) is { } id ? ProviderCatalog.Find(id).Id : null,
                GrantId = p.GetValue(grant),
                Principal = context.GetPrincipal(principal),
                Limit = p.GetValue(limit) is var n and > 0 and <= 100_000 ? n : throw new CliException(ExitCodes.BadInput, "--limit must be between 1 and 100000."),
            };
            await using var app = context.OpenApp(key);
            var rows = await app.Audit(query, cancellationToken).ConfigureAwait(false);
            await context.Renderer.ListAsync(ListColumns, [.. rows.Select(Row)], "No audit rows match.").ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        audit.Subcommands.Add(list);
        audit.Subcommands.Add(AuditIntegrityCommands.Verify(global, key));
        audit.Subcommands.Add(AuditIntegrityCommands.Prune(global, key));
        return audit;
    }

    private static JsonObject Row(AuditRecord r) => new()
    {
        ["at"] = Renderer.Time(r.At),
        ["caller"] = r.Caller,
        ["principal"] = r.Principal,
        ["provider"] = r.Provider,
        ["operation"] = r.Operation,
        ["grant"] = r.GrantId,
        ["method"] = r.Method,
        ["host"] = r.Host,
        ["status"] = r.Status,
        ["outcome"] = r.Outcome,
        ["latencyMs"] = Math.Round(r.LatencyMs, 1),
        ["tokenRefreshed"] = r.TokenRefreshed,
    };
}
