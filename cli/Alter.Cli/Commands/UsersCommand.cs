using System.CommandLine;
using System.Text.Json.Nodes;
using Alter.Cli.Output;
using Alter.Typed;

namespace Alter.Cli.Commands;

/// <summary>
/// <c>alter users list|show|remove</c>: the principals that own the app's grants (<c>app.Users</c>). Acts as the app:
/// needs its key. <c>remove</c> revokes each grant at its provider and wipes the principal's tokens from the store.
/// </summary>
public static class UsersCommand
{
    private static readonly Column[] ListColumns =
    [
        new("principal", "principal"), new("kind", "kind"), new("issuer", "issuer"), new("subject", "subject"), new("grants", "grants"),
        new("first connected", "firstConnected", ColumnKind.Time), new("last updated", "lastUpdated", ColumnKind.Time),
    ];

    private static readonly Column[] GrantColumns =
    [
        new("id", "id"), new("provider", "provider"), new("account", "account"), new("scopes", "scopes"), new("status", "status"),
        new("created", "createdAt", ColumnKind.Time), new("updated", "updatedAt", ColumnKind.Time),
    ];

    /// <summary>The <c>users</c> command and its subcommands.</summary>
    public static Command Create(GlobalOptions global)
    {
        var key = GlobalOptions.CreateKeyOption();
        var users = new Command("users", "The principals (users, agents, the app) that own the app's grants: list, show, remove.") { key };
        users.Subcommands.Add(CreateList(global, key));
        users.Subcommands.Add(CreateShow(global, key));
        users.Subcommands.Add(CreateRemove(global, key));
        return users;
    }

    private static Argument<string> PrincipalArgument() => new("principal") { Description = "The principal's key, as `alter users list` prints it." };

    private static Principal Parse(string key)
        => Principal.FromKey(key.Trim()) ?? throw new CliException(ExitCodes.BadInput, $"'{key}' is not a principal key (user:<issuer length>:<issuer><subject>, app:..., agent:...); `alter users list` prints them.");

    private static Command CreateList(GlobalOptions global, Option<string?> key)
    {
        var command = new Command("list", "List the principals that own grants, with how many each owns.");
        CliContext.SetAction(command, global, async (context, _) =>
        {
            await using var app = context.OpenApp(key);
            var rows = app.Users.List().Select(o => new JsonObject
            {
                ["principal"] = o.Principal.Key,
                ["kind"] = o.Principal.Kind.ToString().ToLowerInvariant(),
                ["issuer"] = o.Principal.Issuer,
                ["subject"] = o.Principal.Subject,
                ["grants"] = o.Grants,
                ["firstConnected"] = Renderer.Time(o.FirstConnected),
                ["lastUpdated"] = Renderer.Time(o.LastUpdated),
            }).ToList();
            await context.Renderer.ListAsync(ListColumns, rows, "No principal owns a grant. Connect a provider: `alter connect <provider> [--principal <key>]`.").ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command CreateShow(GlobalOptions global, Option<string?> key)
    {
        var principal = PrincipalArgument();
        var command = new Command("show", "List one principal's grants (never their tokens).") { principal };
        CliContext.SetAction(command, global, async (context, _) =>
        {
            var who = Parse(context.Parse.GetValue(principal)!);
            await using var app = context.OpenApp(key);
            var grants = app.Users.Show(who);
            if (grants.Count == 0) throw new CliException(ExitCodes.NotFound, $"{who} owns no grant in app '{app.Info.Name}'. See `alter users list`.");
            await context.Renderer.ListAsync(GrantColumns, [.. grants.Select(GrantsCommand.Row)]).ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command CreateRemove(GlobalOptions global, Option<string?> key)
    {
        var principal = PrincipalArgument();
        var command = new Command("remove", "Remove a principal: each provider revokes its grants' tokens (where it can), then its grants and tokens are wiped from the store.") { principal };
        CliContext.SetAction(command, global, async (context, cancellationToken) =>
        {
            var who = Parse(context.Parse.GetValue(principal)!);
            await using var app = context.OpenApp(key);
            var removal = await app.Users.Remove(who, cancellationToken).ConfigureAwait(false);
            if (removal.Grants.Count == 0) throw new CliException(ExitCodes.NotFound, $"{who} owns no grant in app '{app.Info.Name}'. See `alter users list`.");
            await context.Renderer.ItemAsync(new JsonObject
            {
                ["principal"] = who.Key,
                ["removed"] = removal.Grants.Count,
                ["revoked"] = new JsonArray([.. removal.Revoked.Select(id => (JsonNode)id)]),
                ["notRevoked"] = new JsonArray([.. removal.NotRevoked.Select(id => (JsonNode)id)]),
            }).ConfigureAwait(false);
            if (removal.NotRevoked.Count > 0)
                await context.Error.WriteLineAsync($"alter: warning: {removal.NotRevoked.Count} grant(s) were deleted without a revocation at their provider ({string.Join(", ", removal.NotRevoked)}); their tokens may still be live there.").ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }
}
