using System.CommandLine;
using System.Text.Json.Nodes;
using Alter.Cli.Output;
using Alter.Typed;

namespace Alter.Cli.Commands;

/// <summary><c>alter grants list|revoke</c>: the app's grants (acts as the app: needs its key).</summary>
public static class GrantsCommand
{
    private static readonly Column[] ListColumns =
    [
        new("id", "id"), new("provider", "provider"), new("principal", "principal"), new("account", "account"), new("scopes", "scopes"),
        new("status", "status"), new("created", "createdAt", ColumnKind.Time), new("updated", "updatedAt", ColumnKind.Time),
    ];

    /// <summary>The <c>grants</c> command and its subcommands.</summary>
    public static Command Create(GlobalOptions global)
    {
        var key = GlobalOptions.CreateKeyOption();
        var grants = new Command("grants", "List and revoke the app's grants (the app is the one --key opens).") { key };
        grants.Subcommands.Add(CreateList(global, key));
        grants.Subcommands.Add(CreateRevoke(global, key));
        return grants;
    }

    internal static JsonObject Row(GrantInfo grant) => new()
    {
        ["id"] = grant.Id,
        ["provider"] = grant.Provider,
        ["principal"] = grant.Owner.Key,
        ["account"] = grant.Account,
        ["scopes"] = new JsonArray([.. grant.Scopes.Select(s => (JsonNode)s)]),
        ["status"] = grant.Status == GrantStatus.Active ? "active" : "reauth_required",
        ["createdAt"] = Renderer.Time(grant.CreatedAt),
        ["updatedAt"] = Renderer.Time(grant.UpdatedAt),
        ["connectionValues"] = new JsonObject([.. grant.ConnectionValues.Select(v => KeyValuePair.Create(v.Key, (JsonNode?)v.Value))]),
    };

    private static Command CreateList(GlobalOptions global, Option<string?> key)
    {
        var provider = new Option<string?>("--provider") { Description = "Only this provider's grants.", HelpName = "provider" };
        var command = new Command("list", "List the app's grants (never their tokens).") { provider };
        CliContext.SetAction(command, global, async (context, _) =>
        {
            var providerId = context.Parse.GetValue(provider) is { } id ? ProviderCatalog.Find(id).Id : null;
            await using var app = context.OpenApp(key);
            var grants = app.ListGrants(providerId);
            await context.Renderer.ListAsync(ListColumns, [.. grants.Select(Row)], "No grants. Connect a provider: `alter connect <provider>`.").ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command CreateRevoke(GlobalOptions global, Option<string?> key)
    {
        var grantId = new Argument<string>("grant") { Description = "The grant id (grant_...)." };
        var local = new Option<bool>("--local") { Description = "Only delete it from the vault, without asking the provider to revoke its tokens." };
        var command = new Command("revoke", "Revoke a grant: the provider revokes its tokens (where it can), then the grant and its tokens are deleted.") { grantId, local };
        CliContext.SetAction(command, global, async (context, cancellationToken) =>
        {
            var id = context.Parse.GetValue(grantId)!.Trim();
            await using var app = context.OpenApp(key);
            var grant = app.GetGrant(id)
                ?? throw new CliException(ExitCodes.NotFound, $"No grant '{id}' in app '{app.Info.Name}'. See `alter grants list`.");
            var localOnly = context.Parse.GetValue(local);
            bool done;
            try
            {
                done = localOnly ? await app.RemoveGrant(id, cancellationToken).ConfigureAwait(false) : await app.RevokeGrant(id, cancellationToken).ConfigureAwait(false);
            }
            catch (AlterException e) when (e is RevocationFailedException || e.GetType() == typeof(AlterException))
            {
                // The provider refused (or cannot be asked): the grant is kept. That is the provider's side, not bad input.
                throw new CliException(ExitCodes.ProviderError, e.Message.Replace("with RemoveGrant", $"with `alter grants revoke {id} --local`", StringComparison.Ordinal));
            }
            if (!done) throw new CliException(ExitCodes.NotFound, $"No grant '{id}' in app '{app.Info.Name}'. See `alter grants list`.");
            await context.Renderer.ItemAsync(new JsonObject
            {
                ["id"] = grant.Id,
                ["provider"] = grant.Provider,
                ["principal"] = grant.Owner.Key,
                ["status"] = localOnly ? "removed" : "revoked",
            }).ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }
}
