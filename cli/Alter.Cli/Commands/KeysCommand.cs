using System.CommandLine;
using System.Text.Json.Nodes;
using Alter.Cli.Output;
using Alter.Typed;

namespace Alter.Cli.Commands;

/// <summary><c>alter keys mint|list|revoke</c>: an app's API keys (local administration, no key needed).</summary>
public static class KeysCommand
{
    private static readonly Column[] ListColumns =
        [new("id", "id"), new("app", "app"), new("created", "createdAt", ColumnKind.Time), new("revoked", "revokedAt", ColumnKind.Time), new("status", "status")];

    /// <summary>The <c>keys</c> command and its subcommands.</summary>
    public static Command Create(GlobalOptions global)
    {
        var keys = new Command("keys", "Mint, list and revoke an app's API keys (the store keeps only a hash).");
        keys.Subcommands.Add(CreateMint(global));
        keys.Subcommands.Add(CreateList(global));
        keys.Subcommands.Add(CreateRevoke(global));
        return keys;
    }

    private static JsonObject Row(ApiKeyInfo key, AppInfo app) => new()
    {
        ["id"] = key.Id,
        ["appId"] = app.Id,
        ["app"] = app.Name,
        ["createdAt"] = Renderer.Time(key.CreatedAt),
        ["revokedAt"] = key.RevokedAt is { } at ? Renderer.Time(at) : null,
        ["status"] = key.RevokedAt is null ? "active" : "revoked",
    };

    private static Command CreateMint(GlobalOptions global)
    {
        var app = new Argument<string>("app") { Description = "The app's name or id." };
        var command = new Command("mint", "Mint an API key for an app. The key is printed this once: the store keeps only its hash.") { app };
        CliContext.SetAction(command, global, async (context, _) =>
        {
            var admin = context.OpenAdmin();
            var info = AppsCommand.Find(admin, context.Parse.GetValue(app)!);
            var minted = admin.MintKey(info.Id);
            var row = Row(minted.Info, info);
            row["key"] = minted.ApiKey;
            await context.Renderer.ItemAsync(row, [new("id", "id"), new("app", "app"), new("created", "createdAt", ColumnKind.Time), new("key", "key")]).ConfigureAwait(false);
            await context.Renderer.NoteAsync("Save the key now (for example as ALTER_API_KEY): it is not shown again.").ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command CreateList(GlobalOptions global)
    {
        var app = new Argument<string>("app") { Description = "The app's name or id." };
        var command = new Command("list", "List an app's keys (ids and dates; never the keys).") { app };
        CliContext.SetAction(command, global, async (context, _) =>
        {
            var admin = context.OpenAdmin();
            var info = AppsCommand.Find(admin, context.Parse.GetValue(app)!);
            var keys = admin.ListKeys(info.Id);
            await context.Renderer.ListAsync(ListColumns, [.. keys.Select(k => Row(k, info))], $"No keys. Mint one: `alter keys mint {info.Name}`.").ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command CreateRevoke(GlobalOptions global)
    {
        var id = new Argument<string>("key-id") { Description = "The key's id, as `alter keys list` shows it (or the whole key)." };
        var command = new Command("revoke", "Revoke a key: apps opened with it are refused from then on.") { id };
        CliContext.SetAction(command, global, async (context, _) =>
        {
            var keyId = KeyId(context.Parse.GetValue(id)!.Trim());
            if (!context.OpenAdmin().RevokeKey(keyId))
                throw new CliException(ExitCodes.NotFound, $"No active key '{keyId}' (unknown, or already revoked). See `alter keys list <app>`.");
            await context.Renderer.ItemAsync(new JsonObject { ["id"] = keyId, ["status"] = "revoked" }).ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>The id inside a whole key (<c>alter_key_app_&lt;id&gt;_&lt;secret&gt;</c>), or the text itself.</summary>
    private static string KeyId(string text)
    {
        const string Prefix = "alter_key_app_";
        if (!text.StartsWith(Prefix, StringComparison.Ordinal)) return text;
        var rest = text[Prefix.Length..];
        var end = rest.IndexOf('_', StringComparison.Ordinal);
        return end > 0 ? rest[..end] : text;
    }
}
