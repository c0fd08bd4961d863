using System.CommandLine;
using System.Text.Json.Nodes;
using Alter.Typed;

namespace Alter.Cli.Commands;

/// <summary>
/// <c>alter audit verify</c> and <c>alter audit prune</c>: the audit chain's integrity and retention. Both need the vault
/// key the rows were written under (<c>ALTER_VAULT_KEY</c> or the key file in <c>--home</c>), like every command that
/// reads secrets; the app is the one <c>--key</c> opens, or <c>--app</c> (name or id) for the store's administrator.
/// </summary>
internal static class AuditIntegrityCommands
{
    /// <summary><c>alter audit verify</c>: exit 0 with "N rows verified, chain intact", or <see cref="ExitCodes.AuditBroken"/> naming the first broken link.</summary>
    public static Command Verify(GlobalOptions global, Option<string?> key)
    {
        var app = AppOption();
        var verify = new Command("verify", "Check that the app's audit log was not edited: every row's chained MAC, the signed checkpoints and the signed head. Names the first broken row.") { app };
        CliContext.SetAction(verify, global, async (context, cancellationToken) =>
        {
            var (admin, appId) = Resolve(context, key, app);
            var result = admin.VerifyAudit(appId);
            var item = new JsonObject
            {
                ["app"] = result.AppId,
                ["intact"] = result.Intact,
                ["rowsVerified"] = result.RowsVerified,
                ["legacyRows"] = result.LegacyRows,
                ["checkpoints"] = result.Checkpoints,
                ["headId"] = result.HeadId,
                ["headMac"] = result.HeadMac,
                ["anchorId"] = result.AnchorId,
                ["elapsedMs"] = Math.Round(result.Elapsed.TotalMilliseconds, 1),
            };
            if (result.Break is { } broken)
            {
                item["break"] = new JsonObject { ["kind"] = broken.Kind.ToString(), ["rowId"] = broken.RowId, ["message"] = broken.Message };
                if (context.Format != Output.OutputFormat.Table) await context.Renderer.ItemAsync(item).ConfigureAwait(false);
                throw new CliException(ExitCodes.AuditBroken, $"audit chain broken at row id {broken.RowId} ({broken.Kind}): {broken.Message}");
            }
            if (context.Format != Output.OutputFormat.Table) await context.Renderer.ItemAsync(item).ConfigureAwait(false);
            var legacy = result.LegacyRows > 0 ? $"; {result.LegacyRows} rows from before the chain counted, not verifiable" : "";
            var head = result.HeadId is { } id ? $"; head id {id}, mac {result.HeadMac![..16]}" : "";
            await context.Renderer.NoteAsync($"{result.RowsVerified} rows verified, chain intact ({result.Checkpoints} checkpoints{legacy}{head}; {result.Elapsed.TotalMilliseconds:0} ms)").ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return verify;
    }

    /// <summary><c>alter audit prune --older-than &lt;duration&gt;</c>: retention by age, the chain kept verifiable.</summary>
    public static Command Prune(GlobalOptions global, Option<string?> key)
    {
        var app = AppOption();
        var olderThan = new Option<string>("--older-than") { Description = "Delete rows older than this (90d, 720h). The chain stays verifiable from the last deleted row's signed MAC.", Required = true, HelpName = "duration" };
        var prune = new Command("prune", "Delete the app's audit rows older than an age, keeping the chain verifiable. Refuses (and deletes nothing) when the chain is broken.") { olderThan, app };
        CliContext.SetAction(prune, global, async (context, cancellationToken) =>
        {
            var age = Durations.Parse(context.Parse.GetValue(olderThan)!, "--older-than");
            var (admin, appId) = Resolve(context, key, app);
            var result = admin.PruneAudit(appId, age);
            if (context.Format != Output.OutputFormat.Table)
            {
                await context.Renderer.ItemAsync(new JsonObject
                {
                    ["app"] = result.AppId, ["cutoff"] = Output.Renderer.Time(result.Cutoff), ["rowsDeleted"] = result.RowsDeleted, ["anchorId"] = result.AnchorId,
                }).ConfigureAwait(false);
            }
            await context.Renderer.NoteAsync($"{result.RowsDeleted} rows older than {Output.Renderer.Time(result.Cutoff)} deleted; the chain now starts after row id {result.AnchorId}.").ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return prune;
    }

    private static Option<string?> AppOption() => new("--app") { Description = "The app (name or id) instead of the one --key opens; needs the vault key either way.", HelpName = "app" };

    private static (AlterAdmin Admin, string AppId) Resolve(CliContext context, Option<string?> key, Option<string?> app)
    {
        var admin = context.OpenAdmin();
        if (context.Parse.GetValue(app) is { Length: > 0 } name)
            return (admin, admin.FindApp(name)?.Id ?? throw new CliException(ExitCodes.NotFound, $"No app '{name}': `alter apps list` shows them."));
        using var opened = context.OpenApp(key);
        return (admin, opened.Info.Id);
    }
}
