using System.CommandLine;
using System.Text.Json.Nodes;
using Alter.Cli.Output;
using Alter.Typed;

namespace Alter.Cli.Commands;

/// <summary>
/// <c>alter agents create|list|show|remove|policy</c> and <c>alter agents keys mint|deprecate|revoke</c>: the app's agents,
/// their stored access policies and their keys (<c>app.Agents</c>). Acts as the app: needs its key. An agent's key is printed once; the store keeps a hash.
/// </summary>
public static class AgentsCommand
{
    private static readonly Column[] ListColumns = [new("id", "id"), new("name", "name"), new("created", "createdAt", ColumnKind.Time), new("principal", "principal")];

    private static readonly Column[] KeyColumns =
    [
        new("id", "id"), new("agent", "agent"), new("created", "createdAt", ColumnKind.Time), new("deprecated", "deprecatedAt", ColumnKind.Time),
        new("expires", "expiresAt", ColumnKind.Time), new("revoked", "revokedAt", ColumnKind.Time), new("status", "status"),
    ];

    private static readonly Column[] MintedColumns = [new("id", "id"), new("agent", "agent"), new("created", "createdAt", ColumnKind.Time), new("key", "key")];

    /// <summary>The <c>agents</c> command and its subcommands.</summary>
    public static Command Create(GlobalOptions global)
    {
        var key = GlobalOptions.CreateKeyOption();
        var agents = new Command("agents", "The app's agents (AI workloads with their own keys, acting only for themselves): create, list, show, remove, their access policy, and their keys.") { key };
        agents.Subcommands.Add(CreateCreate(global, key));
        agents.Subcommands.Add(CreateList(global, key));
        agents.Subcommands.Add(CreateShow(global, key));
        agents.Subcommands.Add(CreateRemove(global, key));
        agents.Subcommands.Add(CreatePolicy(global, key));
        var keys = new Command("keys", "Mint, deprecate and revoke an agent's keys (the store keeps only a hash).");
        keys.Subcommands.Add(CreateMint(global, key));
        keys.Subcommands.Add(CreateDeprecate(global, key));
        keys.Subcommands.Add(CreateRevoke(global, key));
        agents.Subcommands.Add(keys);
        return agents;
    }

    private static Argument<string> AgentArgument() => new("agent") { Description = "The agent's name or id." };

    private static JsonObject Row(AgentInfo agent) => new()
    {
        ["id"] = agent.Id,
        ["name"] = agent.Name,
        ["createdAt"] = Renderer.Time(agent.CreatedAt),
        ["principal"] = agent.Principal.Key,
    };

    private static JsonObject KeyRow(AgentKeyInfo key, AgentInfo agent) => new()
    {
        ["id"] = key.Id,
        ["agentId"] = agent.Id,
        ["agent"] = agent.Name,
        ["createdAt"] = Renderer.Time(key.CreatedAt),
        ["deprecatedAt"] = key.DeprecatedAt is { } deprecated ? Renderer.Time(deprecated) : null,
        ["expiresAt"] = key.ExpiresAt is { } expires ? Renderer.Time(expires) : null,
        ["revokedAt"] = key.RevokedAt is { } revoked ? Renderer.Time(revoked) : null,
        ["status"] = key.StatusAt(DateTimeOffset.UtcNow),
    };

    private static JsonObject MintedRow(MintedAgentKey minted, AgentInfo agent)
    {
        var row = KeyRow(minted.Info, agent);
        row["key"] = minted.ApiKey;
        return row;
    }

    private static AgentDetails Show(App app, string agent)
        => app.Agents.Show(agent) ?? throw new CliException(ExitCodes.NotFound, $"No agent '{agent}' in app '{app.Info.Name}'. See `alter agents list`.");

    private static Command CreateCreate(GlobalOptions global, Option<string?> key)
    {
        var name = new Argument<string>("name") { Description = "A name for the agent, unique in the app." };
        var command = new Command("create", "Create an agent and mint its first key. The key is printed this once: the store keeps only its hash.") { name };
        CliContext.SetAction(command, global, async (context, _) =>
        {
            await using var app = context.OpenApp(key);
            var created = app.Agents.Create(context.Parse.GetValue(name)!);
            var row = MintedRow(created.Key, created.Agent);
            row["principal"] = created.Agent.Principal.Key;
            await context.Renderer.ItemAsync(row, [.. MintedColumns, new("principal", "principal")]).ConfigureAwait(false);
            await context.Renderer.NoteAsync("Save the key now (give it to the agent, for example as ALTER_API_KEY): it is not shown again.").ConfigureAwait(false);
            await context.Renderer.NoteAsync($"The agent may call nothing until it has a policy: `alter agents policy {created.Agent.Name} --allow provider:operation`.").ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command CreateList(GlobalOptions global, Option<string?> key)
    {
        var command = new Command("list", "List the app's agents.");
        CliContext.SetAction(command, global, async (context, _) =>
        {
            await using var app = context.OpenApp(key);
            await context.Renderer.ListAsync(ListColumns, [.. app.Agents.List().Select(Row)], "No agents. Create one: `alter agents create <name>`.").ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command CreateShow(GlobalOptions global, Option<string?> key)
    {
        var agent = AgentArgument();
        var command = new Command("show", "Show an agent, its keys (never their values) and the grants it owns (never their tokens).") { agent };
        CliContext.SetAction(command, global, async (context, _) =>
        {
            await using var app = context.OpenApp(key);
            var details = Show(app, context.Parse.GetValue(agent)!);
            if (context.Format == OutputFormat.Json)
            {
                var row = Row(details.Agent);
                row["keys"] = new JsonArray([.. details.Keys.Select(k => (JsonNode)KeyRow(k, details.Agent))]);
                row["grants"] = new JsonArray([.. details.Grants.Select(g => (JsonNode)GrantsCommand.Row(g))]);
                row["policy"] = PolicyRow(details);
                await context.Renderer.ItemAsync(row).ConfigureAwait(false);
                return ExitCodes.Ok;
            }
            await context.Renderer.ItemAsync(Row(details.Agent), ListColumns).ConfigureAwait(false);
            await context.Renderer.ListAsync(KeyColumns, [.. details.Keys.Select(k => KeyRow(k, details.Agent))], "No keys.").ConfigureAwait(false);
            await context.Renderer.NoteAsync($"{details.Grants.Count} grant(s): `alter users show {details.Agent.Principal.Key}`.").ConfigureAwait(false);
            await context.Renderer.NoteAsync(details.Policy is { } policy
                ? $"Policy '{policy.Name}' allows {(policy.Allowed.Count == 0 ? "nothing" : string.Join(", ", policy.Allowed))}: `alter agents policy {details.Agent.Name}`."
                : $"No usable policy: the agent may call nothing. `alter agents policy {details.Agent.Name} --allow provider:operation`.").ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command CreateRemove(GlobalOptions global, Option<string?> key)
    {
        var agent = AgentArgument();
        var command = new Command("remove", "Remove an agent: its keys stop working, its grants are revoked at their providers (where they can) and wiped from the store.") { agent };
        CliContext.SetAction(command, global, async (context, cancellationToken) =>
        {
            await using var app = context.OpenApp(key);
            var name = context.Parse.GetValue(agent)!;
            var removal = await app.Agents.Remove(name, cancellationToken).ConfigureAwait(false)
                ?? throw new CliException(ExitCodes.NotFound, $"No agent '{name}' in app '{app.Info.Name}'. See `alter agents list`.");
            await context.Renderer.ItemAsync(new JsonObject
            {
                ["agent"] = name,
                ["principal"] = removal.Principal.Key,
                ["removedGrants"] = removal.Grants.Count,
                ["revoked"] = new JsonArray([.. removal.Revoked.Select(id => (JsonNode)id)]),
                ["notRevoked"] = new JsonArray([.. removal.NotRevoked.Select(id => (JsonNode)id)]),
            }).ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command CreatePolicy(GlobalOptions global, Option<string?> key)
    {
        var agent = AgentArgument();
        var allow = new Option<string[]>("--allow") { Description = "An operation glob the agent may call: provider:operationId (slack:chat.postMessage, slack:chat.*, github:*); repeatable.", HelpName = "glob" };
        var approval = new Option<string[]>("--require-approval") { Description = "An operation glob that needs a human approval (denied until approvals exist); repeatable.", HelpName = "glob" };
        var scope = new Option<string[]>("--scope") { Description = "A scope the agent's grants may hold (a grant holding any other is denied); repeatable. Default: scopes are not checked.", HelpName = "scope" };
        var rate = new Option<string?>("--rate") { Description = "A rate limit for the agent: calls per window, permits/duration (10/1m, 100/1h).", HelpName = "permits/duration" };
        var clear = new Option<bool>("--clear") { Description = "Remove the agent's policy: it may then call nothing." };
        var show = new Option<bool>("--show") { Description = "Only show the agent's policy (also what the command does without other options)." };
        var command = new Command("policy",
            "Set an agent's access policy (replacing the previous one) or show it. Enforced, failing closed, for every call of an app opened with the agent's key: " +
            "an agent without a policy may call nothing. Open apps pick a change up within their key-check interval.")
        { agent, allow, approval, scope, rate, clear, show };
        CliContext.SetAction(command, global, async (context, _) =>
        {
            var name = context.Parse.GetValue(agent)!;
            var allowed = context.Parse.GetValue(allow) ?? [];
            var approvals = context.Parse.GetValue(approval) ?? [];
            var scopes = context.Parse.GetValue(scope) ?? [];
            var rateText = context.Parse.GetValue(rate);
            var clearing = context.Parse.GetValue(clear);
            var changing = allowed.Length > 0 || approvals.Length > 0 || scopes.Length > 0 || rateText is not null;
            if (context.Parse.GetValue(show) && (changing || clearing))
                throw new CliException(ExitCodes.BadInput, "--show only shows the policy: leave out --allow, --require-approval, --scope, --rate and --clear.");
            if (clearing && changing)
                throw new CliException(ExitCodes.BadInput, "--clear removes the policy: leave out --allow, --require-approval, --scope and --rate.");
            await using var app = context.OpenApp(key);
            var details = Show(app, name);
            if (clearing || changing)
            {
                app.Agents.SetPolicy(details.Agent.Id, clearing ? null : BuildPolicy(details.Agent.Name, allowed, approvals, scopes, rateText));
                details = Show(app, details.Agent.Id);
            }
            await context.Renderer.ItemAsync(PolicyRow(details), PolicyColumns).ConfigureAwait(false);
            if (details.Policy is null)
                await context.Renderer.NoteAsync(details.PolicyProblem ?? $"Agent '{details.Agent.Name}' has no policy: it may call nothing. Give it one: `alter agents policy {details.Agent.Name} --allow provider:operation`.").ConfigureAwait(false);
            else if (details.Policy.Allowed.Count == 0)
                await context.Renderer.NoteAsync("The policy allows no operation: the agent may call nothing.").ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static readonly Column[] PolicyColumns =
    [
        new("agent", "agent"), new("policy", "policy"), new("allow", "allow"), new("require approval", "requireApproval"), new("scopes", "scopes"),
        new("time windows", "timeWindows"), new("rate limit", "rateLimit"), new("problem", "problem"),
    ];

    private static AccessPolicy BuildPolicy(string name, string[] allowed, string[] approvals, string[] scopes, string? rateText)
    {
        try
        {
            var builder = AccessPolicy.Create(name).Allow(allowed).RequireApproval(approvals);
            if (scopes.Length > 0) builder.AllowScopes(scopes);
            if (rateText is not null)
            {
                var (permits, window) = ParseRate(rateText);
                builder.RateLimit(permits, window);
            }
            return builder.Build();
        }
        catch (ArgumentException e)
        {
            throw new CliException(ExitCodes.BadInput, e.Message);
        }
    }

    /// <summary>Parses <c>permits/duration</c> (<c>10/1m</c>).</summary>
    private static (int Permits, TimeSpan Window) ParseRate(string text)
    {
        var parts = text.Trim().Split('/');
        if (parts.Length != 2 || !int.TryParse(parts[0], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var permits) || permits < 1)
            throw new CliException(ExitCodes.BadInput, $"--rate '{text}' is not a rate: write permits/duration, for example 10/1m or 100/1h.");
        return (permits, Durations.Parse(parts[1], "--rate"));
    }

    private static JsonObject PolicyRow(AgentDetails details)
    {
        var policy = details.Policy;
        static JsonArray Strings(IEnumerable<string> values) => new([.. values.Select(v => (JsonNode)v)]);
        return new JsonObject
        {
            ["agentId"] = details.Agent.Id,
            ["agent"] = details.Agent.Name,
            ["policy"] = policy?.Name,
            ["allow"] = policy is null ? null : Strings(policy.Allowed),
            ["requireApproval"] = policy is null ? null : Strings(policy.RequiringApproval),
            ["scopes"] = policy?.AllowedScopes is { } scopes ? Strings(scopes) : null,
            ["timeWindows"] = policy is null ? null : Strings(policy.TimeWindows.Select(w => w.ToString())),
            ["rateLimit"] = policy?.RateLimitPermits is { } permits ? $"{permits}/{Durations.Format(policy.RateLimitWindow!.Value)}" : null,
            ["problem"] = details.PolicyProblem,
        };
    }

    private static Command CreateMint(GlobalOptions global, Option<string?> key)
    {
        var agent = AgentArgument();
        var command = new Command("mint", "Mint another key for an agent (rotation: mint, switch the agent over, then deprecate the old key). Printed this once.") { agent };
        CliContext.SetAction(command, global, async (context, _) =>
        {
            await using var app = context.OpenApp(key);
            var details = Show(app, context.Parse.GetValue(agent)!);
            var minted = app.Agents.MintKey(details.Agent.Id);
            await context.Renderer.ItemAsync(MintedRow(minted, details.Agent), MintedColumns).ConfigureAwait(false);
            await context.Renderer.NoteAsync("Save the key now: it is not shown again.").ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command CreateDeprecate(GlobalOptions global, Option<string?> key)
    {
        var id = new Argument<string>("key-id") { Description = "The key's id, as `alter agents show <agent>` lists it (or the whole key)." };
        var grace = new Option<string>("--grace") { Description = "How long the key keeps working (90s, 30m, 24h, 7d; 0 stops it now). A deprecation is never extended.", DefaultValueFactory = _ => "24h", HelpName = "duration" };
        var command = new Command("deprecate", "Deprecate an agent key: it keeps working for the grace period, then is refused.") { id, grace };
        CliContext.SetAction(command, global, async (context, _) =>
        {
            var keyId = KeyId(context.Parse.GetValue(id)!.Trim());
            var text = context.Parse.GetValue(grace)!.Trim();
            var period = text == "0" ? TimeSpan.Zero : Durations.Parse(text, "--grace");
            await using var app = context.OpenApp(key);
            if (!app.Agents.DeprecateKey(keyId, period))
                throw new CliException(ExitCodes.NotFound, $"No unrevoked agent key '{keyId}' in app '{app.Info.Name}'. See `alter agents show <agent>`.");
            await context.Renderer.ItemAsync(new JsonObject { ["id"] = keyId, ["status"] = period == TimeSpan.Zero ? "expired" : "deprecated", ["grace"] = Durations.Format(period) }).ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command CreateRevoke(GlobalOptions global, Option<string?> key)
    {
        var id = new Argument<string>("key-id") { Description = "The key's id, as `alter agents show <agent>` lists it (or the whole key)." };
        var command = new Command("revoke", "Revoke an agent key at once: apps opened with it are refused from then on.") { id };
        CliContext.SetAction(command, global, async (context, _) =>
        {
            var keyId = KeyId(context.Parse.GetValue(id)!.Trim());
            await using var app = context.OpenApp(key);
            if (!app.Agents.RevokeKey(keyId))
                throw new CliException(ExitCodes.NotFound, $"No unrevoked agent key '{keyId}' in app '{app.Info.Name}'. See `alter agents show <agent>`.");
            await context.Renderer.ItemAsync(new JsonObject { ["id"] = keyId, ["status"] = "revoked" }).ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>The id inside a whole agent key (<c>alter_key_agent_&lt;id&gt;_&lt;secret&gt;</c>), or the text itself.</summary>
    private static string KeyId(string text)
    {
        const string Prefix = "alter_key_agent_";
        if (!text.StartsWith(Prefix, StringComparison.Ordinal)) return text;
        var rest = text[Prefix.Length..];
        var end = rest.IndexOf('_', StringComparison.Ordinal);
        return end > 0 ? rest[..end] : text;
    }
}
