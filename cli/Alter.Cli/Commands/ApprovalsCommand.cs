using System.CommandLine;
using System.Text.Json.Nodes;
using Alter.Cli.Output;
using Alter.Typed;

namespace Alter.Cli.Commands;

/// <summary>
/// <c>alter approvals list|show|approve|deny</c>: calls a policy holds for a human approval (<c>app.Approvals</c>). Each
/// approval is bound to one exact call (caller, principal, grant, URL, headers, body); approving it lets that call through
/// once. Acts as the app: needs its key (an agent's key is refused, so an agent cannot approve its own calls).
/// </summary>
public static class ApprovalsCommand
{
    private static readonly Column[] ListColumns =
    [
        new("id", "id"), new("status", "status"), new("created", "createdAt", ColumnKind.Time), new("caller", "caller"),
        new("operation", "operation"), new("method", "method"), new("url", "url"), new("expires", "expiresAt", ColumnKind.Time),
    ];

    private static readonly Column[] ShowColumns =
    [
        .. ListColumns, new("principal", "principal"), new("grant", "grant"), new("content type", "contentType"), new("body bytes", "bodyLength"),
        new("decided", "decidedAt", ColumnKind.Time), new("decided by", "decidedBy"), new("reason", "reason"), new("used", "consumedAt", ColumnKind.Time),
    ];

    /// <summary>The <c>approvals</c> command and its subcommands.</summary>
    public static Command Create(GlobalOptions global)
    {
        var key = GlobalOptions.CreateKeyOption();
        var approvals = new Command("approvals", "Calls held for a human approval (policies' RequireApproval): list them, show one, approve or deny it.") { key };
        approvals.Subcommands.Add(CreateList(global, key));
        approvals.Subcommands.Add(CreateShow(global, key));
        approvals.Subcommands.Add(CreateDecide(global, key, approve: true));
        approvals.Subcommands.Add(CreateDecide(global, key, approve: false));
        return approvals;
    }

    /// <summary>An approval as a row (the body preview only in <see cref="Detail"/>).</summary>
    internal static JsonObject Row(ApprovalInfo approval) => new()
    {
        ["id"] = approval.Id,
        ["status"] = StatusName(approval.Status),
        ["createdAt"] = Renderer.Time(approval.CreatedAt),
        ["caller"] = approval.Caller,
        ["provider"] = approval.Provider,
        ["operation"] = approval.Provider + ":" + approval.Operation,
        ["method"] = approval.Method,
        ["url"] = approval.Url,
        ["expiresAt"] = Renderer.Time(approval.ExpiresAt),
    };

    private static JsonObject Detail(ApprovalInfo approval)
    {
        var row = Row(approval);
        row["principal"] = approval.Principal;
        row["grant"] = approval.GrantId;
        row["contentType"] = approval.ContentType;
        row["bodyLength"] = approval.BodyLength;
        row["decidedAt"] = approval.DecidedAt is { } decided ? Renderer.Time(decided) : null;
        row["decidedBy"] = approval.DecidedBy;
        row["reason"] = approval.Reason;
        row["consumedAt"] = approval.ConsumedAt is { } used ? Renderer.Time(used) : null;
        row["body"] = approval.BodyPreview;
        return row;
    }

    private static string StatusName(ApprovalStatus status) => status.ToString().ToLowerInvariant();

    private static Argument<string> IdArgument() => new("approval") { Description = "The approval's id (apr_…), as `alter approvals list` prints it." };

    private static Command CreateList(GlobalOptions global, Option<string?> key)
    {
        var status = new Option<string?>("--status") { Description = "Only approvals with this status: pending (waiting for a human), approved, denied, expired, used. Default: all.", HelpName = "status" };
        var limit = new Option<int>("--limit") { Description = "At most this many (newest first).", DefaultValueFactory = _ => 100, HelpName = "n" };
        var command = new Command("list", "List the app's approvals, newest first.") { status, limit };
        CliContext.SetAction(command, global, async (context, _) =>
        {
            ApprovalStatus? wanted = context.Parse.GetValue(status) is { } text
                ? Enum.TryParse<ApprovalStatus>(text.Trim(), ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && text.Trim().All(char.IsAsciiLetter)
                    ? parsed
                    : throw new CliException(ExitCodes.BadInput, $"--status '{text}' is not one of pending, approved, denied, expired, used.")
                : null;
            var count = context.Parse.GetValue(limit);
            if (count < 1) throw new CliException(ExitCodes.BadInput, "--limit must be at least 1.");
            await using var app = context.OpenApp(key);
            await context.Renderer.ListAsync(ListColumns, [.. app.Approvals.List(wanted, count).Select(Row)],
                wanted is null ? "No approvals." : $"No {StatusName(wanted.Value)} approvals.").ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command CreateShow(GlobalOptions global, Option<string?> key)
    {
        var id = IdArgument();
        var command = new Command("show", "Show one approval with a preview of the call's body (never a credential).") { id };
        CliContext.SetAction(command, global, async (context, _) =>
        {
            await using var app = context.OpenApp(key);
            var approvalId = context.Parse.GetValue(id)!.Trim();
            var approval = app.Approvals.Get(approvalId)
                ?? throw new CliException(ExitCodes.NotFound, $"No approval '{approvalId}' in app '{app.Info.Name}'. See `alter approvals list`.");
            if (context.Format == OutputFormat.Json)
            {
                await context.Renderer.ItemAsync(Detail(approval)).ConfigureAwait(false);
                return ExitCodes.Ok;
            }
            await context.Renderer.ItemAsync(Detail(approval), ShowColumns).ConfigureAwait(false);
            if (approval.BodyPreview is { Length: > 0 } body) await context.Renderer.NoteAsync("body: " + body).ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command CreateDecide(GlobalOptions global, Option<string?> key, bool approve)
    {
        var id = IdArgument();
        var by = new Option<string>("--by") { Description = "Who decides (a name or e-mail, kept with the approval).", Required = true, HelpName = "name" };
        var reason = new Option<string?>("--reason") { Description = "Why (shown to the caller).", HelpName = "text" };
        var command = approve
            ? new Command("approve", "Approve a pending call: the same call (same arguments) may then go through once, within the use-by time.") { id, by }
            : new Command("deny", "Deny a pending call: the caller's next identical call fails with the denial.") { id, by, reason };
        CliContext.SetAction(command, global, async (context, _) =>
        {
            await using var app = context.OpenApp(key);
            var approvalId = context.Parse.GetValue(id)!.Trim();
            ApprovalInfo decided;
            try
            {
                decided = approve
                    ? app.Approvals.Approve(approvalId, context.Parse.GetValue(by)!)
                    : app.Approvals.Deny(approvalId, context.Parse.GetValue(by)!, context.Parse.GetValue(reason));
            }
            catch (ApprovalStateException e)
            {
                throw new CliException(e.Status is null ? ExitCodes.NotFound : ExitCodes.BadInput, e.Message);
            }
            catch (ArgumentException e)
            {
                throw new CliException(ExitCodes.BadInput, e.Message);
            }
            await context.Renderer.ItemAsync(Detail(decided), ShowColumns).ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }
}
