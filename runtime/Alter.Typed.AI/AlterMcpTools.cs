using ModelContextProtocol.Server;

namespace Alter.Typed.AI;

/// <summary>The app's AI tools as MCP server tools: what <c>alter mcp serve</c> (stdio) and <c>MapAlterMcp()</c> (HTTP) serve.</summary>
public static class AlterMcpTools
{
    /// <summary>
    /// <see cref="AlterTools.Tools(AlterApp, ToolScope?)"/> wrapped as <see cref="McpServerTool"/>s: the same names,
    /// descriptions and argument schemas, and every call a typed call through the app's pipeline (policies checked
    /// again, the vault's token injected, the tool audited). An MCP client's own credentials never reach a provider.
    /// </summary>
    /// <param name="app">The app (opened with the app's key or an agent's key).</param>
    /// <param name="scope">Whom the calls act for and under which grants; <see langword="null"/> as for any typed call of <paramref name="app"/>.</param>
    /// <returns>The tools, one per allowed operation.</returns>
    public static IReadOnlyList<McpServerTool> McpTools(this AlterApp app, ToolScope? scope = null)
        => [.. app.Tools(scope).Select(function => McpServerTool.Create(function, new McpServerToolCreateOptions { Name = function.Name, Description = function.Description }))];

    /// <summary>
    /// Serves <paramref name="app"/>'s tools from <paramref name="options"/>: sets its tool collection to
    /// <see cref="McpTools(AlterApp, ToolScope?)"/> and audits every call to a tool that is not in it (a prompt-injected
    /// call to an operation outside the policy: <c>denied:tool:not_listed</c>, the tool as named; nothing is sent).
    /// </summary>
    /// <param name="options">The MCP server's options (per session, or per request when stateless).</param>
    /// <param name="app">The app (opened with the app's key or an agent's key).</param>
    /// <param name="scope">Whom the calls act for and under which grants; <see langword="null"/> as for any typed call of <paramref name="app"/>.</param>
    /// <returns><paramref name="options"/>.</returns>
    public static McpServerOptions ServeAlterTools(this McpServerOptions options, AlterApp app, ToolScope? scope = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(app);
        options.ToolCollection = [.. app.McpTools(scope)];
        var tools = options.ToolCollection;
        options.Filters.Request.CallToolFilters.Add(next => async (request, cancellationToken) =>
        {
            if (request.Params?.Name is { } name && !tools.TryGetPrimitive(name, out _))
                await Audit.ToolAudit.RefusedAsync(app, name, scope?.Principal, cancellationToken).ConfigureAwait(false);
            return await next(request, cancellationToken).ConfigureAwait(false);
        });
        return options;
    }
}
