using System.CommandLine;
using System.Text.Json.Nodes;
using Alter.Cli.Output;
using Alter.Typed;

namespace Alter.Cli.Commands;

/// <summary>
/// <c>alter delegations create|list|revoke</c>: users' grants lent to agents (<c>app.Delegations</c>). Acts as the app:
/// needs its key, except <c>list</c> with an agent's key, which lists the delegations made to that agent.
/// </summary>
public static class DelegationsCommand
{
    private static readonly Column[] Columns =
    [
        new("id", "id"), new("agent", "agentId"), new("user", "user"), new("grant", "grantId"), new("operations", "operations"),
        new("created", "createdAt", ColumnKind.Time), new("expires", "expiresAt", ColumnKind.Time), new("revoked", "revokedAt", ColumnKind.Time),
        new("status", "status"),
    ];

    /// <summary>The <c>delegations</c> command and its subcommands.</summary>
    public static Command Create(GlobalOptions global)
    {
        var key = GlobalOptions.CreateKeyOption();
        var delegations = new Command("delegations", "Users' grants lent to agents (with an expiry and optional narrower operations): create, list, revoke.") { key };
        delegations.Subcommands.Add(CreateCreate(global, key));
        delegations.Subcommands.Add(CreateList(global, key));
        delegations.Subcommands.Add(CreateRevoke(global, key));
        return delegations;
    }

    private static JsonObject Row(Delegation delegation) => new()
    {
        ["id"] = delegation.Id,
        ["agentId"] = delegation.AgentId,
        ["user"] = delegation.User.Key,
        ["grantId"] = delegation.GrantId,
        ["operations"] = delegation.Operations is { } operations ? new JsonArray([.. operations.Select(o => (JsonNode)o)]) : "*",
        ["createdAt"] = Renderer.Time(delegation.CreatedAt),
        ["expiresAt"] = Renderer.Time(delegation.ExpiresAt),
        ["revokedAt"] = delegation.RevokedAt is { } revoked ? Renderer.Time(revoked) : null,
        ["status"] = delegation.StatusAt(DateTimeOffset.UtcNow),
    };

    private static Option<string?> UserOption(string description) => new("--user") { Description = description, HelpName = "principal key" };

    private static Principal? ParseUser(string? key)
        => key is null ? null
            : Principal.FromKey(key.Trim()) is { Kind: PrincipalKind.User } user ? user
            : throw new CliException(ExitCodes.BadInput, $"'{key}' is not a user's principal key (user:<issuer length>:<issuer><subject>); `alter users list` prints them.");

    private static Command CreateCreate(GlobalOptions global, Option<string?> key)
    {
        var grant = new Argument<string>("grant") { Description = "The user's grant to lend (grant_…)." };
        var agent = new Option<string>("--agent") { Description = "The agent (name or id) it is lent to.", Required = true, HelpName = "agent" };
        var user = UserOption("The user who delegates: the grant's owner (principal key).");
        user.Required = true;
        var expires = new Option<string>("--expires") { Description = "How long it lasts (30m, 24h, 7d), at most the maximum delegation lifetime (30 days by default).", Required = true, HelpName = "duration" };
        var operations = new Option<string[]>("--operation") { Description = "An operation glob the agent may call (slack:chat.postMessage, slack:chat.*); repeatable. Default: every operation.", HelpName = "glob" };
        var command = new Command("create", "Lend a user's grant to an agent of the app, until it expires or is revoked.") { grant, agent, user, expires, operations };
        CliContext.SetAction(command, global, async (context, _) =>
        {
            var who = ParseUser(context.Parse.GetValue(user))!;
            var lifetime = Durations.Parse(context.Parse.GetValue(expires)!.Trim(), "--expires");
            var ops = context.Parse.GetValue(operations) is { Length: > 0 } given ? given : null;
            await using var app = context.OpenApp(key);
            Delegation delegation;
            try
            {
                delegation = app.Delegations.Create(who, context.Parse.GetValue(grant)!.Trim(), context.Parse.GetValue(agent)!.Trim(), lifetime, ops);
            }
            catch (ArgumentException e)
            {
                throw new CliException(ExitCodes.BadInput, e.Message);
            }
            await context.Renderer.ItemAsync(Row(delegation), Columns).ConfigureAwait(false);
            await context.Renderer.NoteAsync($"Give the agent the id {delegation.Id}: it calls with client.WithDelegation(\"{delegation.Id}\").").ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command CreateList(GlobalOptions global, Option<string?> key)
    {
        var agent = new Option<string?>("--agent") { Description = "Only those lent to this agent (name or id).", HelpName = "agent" };
        var user = UserOption("Only those this user made (principal key).");
        var command = new Command("list", "List the app's delegations (with an agent's key: those made to it).") { agent, user };
        CliContext.SetAction(command, global, async (context, _) =>
        {
            var (agentName, who) = (context.Parse.GetValue(agent), ParseUser(context.Parse.GetValue(user)));
            if (agentName is not null && who is not null) throw new CliException(ExitCodes.BadInput, "Give --agent or --user, not both.");
            await using var app = context.OpenApp(key);
            Principal? principal = who;
            if (agentName is not null)
            {
                var found = (app.Agent is { } self && (self.Id == agentName || self.Name == agentName) ? self : app.Agents.Show(agentName)?.Agent)
                    ?? throw new CliException(ExitCodes.NotFound, $"No agent '{agentName}' in app '{app.Info.Name}'. See `alter agents list`.");
                principal = found.Principal;
            }
            var rows = app.Delegations.List(principal).Select(Row).ToList();
            await context.Renderer.ListAsync(Columns, rows, "No delegations. A user lends a grant with `alter delegations create <grant> --agent <agent> --user <principal> --expires 7d`.").ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command CreateRevoke(GlobalOptions global, Option<string?> key)
    {
        var id = new Argument<string>("delegation") { Description = "The delegation id (dlg_…)." };
        var user = UserOption("Revoke only if this user made it (a user's own revocation).");
        var command = new Command("revoke", "Revoke a delegation: the agent's next call through it is refused.") { id, user };
        CliContext.SetAction(command, global, async (context, _) =>
        {
            var delegationId = context.Parse.GetValue(id)!.Trim();
            var who = ParseUser(context.Parse.GetValue(user));
            await using var app = context.OpenApp(key);
            var revoked = who is null ? app.Delegations.Revoke(delegationId) : app.Delegations.Revoke(who, delegationId);
            if (!revoked)
                throw new CliException(ExitCodes.NotFound, $"No unrevoked delegation '{delegationId}'{(who is null ? "" : $" made by {who}")} in app '{app.Info.Name}'. See `alter delegations list`.");
            await context.Renderer.ItemAsync(new JsonObject { ["id"] = delegationId, ["status"] = "revoked" }).ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }
}
