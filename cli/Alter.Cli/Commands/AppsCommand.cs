using System.CommandLine;
using System.Text.Json.Nodes;
using Alter.Cli.Output;
using Alter.Typed;

namespace Alter.Cli.Commands;

/// <summary><c>alter apps create &lt;name&gt;</c> and <c>alter apps list</c>: local administration, no key needed.</summary>
public static class AppsCommand
{
    internal static readonly Column[] Columns = [new("id", "id"), new("name", "name"), new("created", "createdAt", ColumnKind.Time)];

    /// <summary>The <c>apps</c> command and its subcommands.</summary>
    public static Command Create(GlobalOptions global)
    {
        var apps = new Command("apps", "Create and list apps (local administration of the store; no key needed).");
        apps.Subcommands.Add(CreateCreate(global));
        apps.Subcommands.Add(CreateList(global));
        return apps;
    }

    internal static JsonObject Row(AppInfo app) => new()
    {
        ["id"] = app.Id,
        ["name"] = app.Name,
        ["createdAt"] = Renderer.Time(app.CreatedAt),
    };

    private static Command CreateCreate(GlobalOptions global)
    {
        var name = new Argument<string>("name") { Description = "A unique name (1 to 100 characters)." };
        var command = new Command("create", "Create an app. Then mint its key: `alter keys mint <name>`.") { name };
        CliContext.SetAction(command, global, async (context, _) =>
        {
            var admin = context.OpenAdmin();
            var app = admin.CreateApp(context.Parse.GetValue(name)!);
            await context.Renderer.ItemAsync(Row(app), Columns).ConfigureAwait(false);
            await context.Renderer.NoteAsync($"Next: `alter keys mint {app.Name}`.").ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command CreateList(GlobalOptions global)
    {
        var command = new Command("list", "List the apps in the store, oldest first.");
        CliContext.SetAction(command, global, async (context, _) =>
        {
            var apps = context.OpenAdmin().ListApps();
            await context.Renderer.ListAsync(Columns, [.. apps.Select(Row)], "No apps. Create one: `alter apps create <name>`.").ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>Finds an app by id or name, or fails with <see cref="ExitCodes.NotFound"/>.</summary>
    internal static AppInfo Find(AlterAdmin admin, string idOrName)
        => admin.FindApp(idOrName) ?? throw new CliException(ExitCodes.NotFound, $"No app '{idOrName}'. See `alter apps list`, or create it: `alter apps create {idOrName}`.");
}
