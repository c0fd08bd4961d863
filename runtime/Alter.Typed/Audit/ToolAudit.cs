namespace Alter.Typed.Audit;

/// <summary>
/// Audit rows of AI tool calls refused before any operation was chosen: a model named a tool the app never handed it
/// (a prompt-injected call to an operation outside the policy). Nothing was sent; the row names the tool as the model
/// wrote it (cut to <see cref="MaxToolName"/> characters).
/// </summary>
internal static class ToolAudit
{
    /// <summary>The outcome of a call to a tool that is not in the list the app gave the model.</summary>
    public const string NotListed = "denied:tool:not_listed";

    public const int MaxToolName = 128;

    public static ValueTask RefusedAsync(AlterApp app, string tool, Principal? principal, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(tool);
        // The name is the model's (or an MCP client's): kept short and plain, so no control character reaches a terminal.
        tool = string.Create(Math.Min(tool.Length, MaxToolName), tool, static (span, source) =>
        {
            for (var i = 0; i < span.Length; i++)
                span[i] = char.IsAsciiLetterOrDigit(source[i]) || source[i] is '_' or '-' or '.' or ':' ? source[i] : '_';
        });
        var who = principal ?? app.Principals.Self;
        return app.AuditLog.WriteAsync(new AuditEntry(app.Time.GetUtcNow(), app.Caller, who.Key, "", tool, null, "", null, "",
            0, NotListed, 0, false, Tool: tool), cancellationToken);
    }
}
