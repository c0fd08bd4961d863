using Alter.Typed.AI;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Http;

namespace Alter.Typed.AspNetCore;

/// <summary>
/// The MCP endpoint of <c>MapAlterMcp()</c> (<c>services.AddAlterMcp(...)</c>): which resource it is, who issues its
/// bearer tokens, and whose tools it serves. It follows the MCP authorization specification (2025-11-25): protected
/// resource metadata (RFC 9728), <c>401</c> with <c>WWW-Authenticate: Bearer resource_metadata="…"</c>, and tokens
/// accepted only when issued for this resource (audience); the client's token stays here, never reaching a provider.
/// </summary>
public sealed class AlterMcpOptions
{
    /// <summary>
    /// The canonical URI of the MCP endpoint (<c>https://tools.example.com/mcp</c>): what the protected resource metadata
    /// names, and the audience a bearer token must carry. Required.
    /// </summary>
    public Uri? Resource { get; set; }

    /// <summary>The authorization servers (issuers) whose tokens the endpoint accepts, listed in the resource metadata.</summary>
    public IList<Uri> AuthorizationServers { get; } = [];

    /// <summary>The scopes the resource metadata advertises (optional).</summary>
    public IList<string> ScopesSupported { get; } = [];

    /// <summary>
    /// Configures the bearer token validation (the issuer's <c>Authority</c>, or its keys in
    /// <c>TokenValidationParameters</c>). The audience is always checked against <see cref="Resource"/> after this runs.
    /// </summary>
    public Action<JwtBearerOptions>? JwtBearer { get; set; }

    /// <summary>
    /// The app whose tools are served, per request; <see langword="null"/> for the <see cref="AlterApp"/> registered in
    /// the services (<c>services.AddAlter()</c>), which an agent's key (<c>alter_key_agent_…</c>) makes the agent's.
    /// </summary>
    public Func<HttpContext, AlterApp>? App { get; set; }

    /// <summary>
    /// Whom the tools act for and under which grants, per request (from the authenticated MCP client, say);
    /// <see langword="null"/> for the app's own caller (the agent, for an agent's key). Never from the tools' arguments.
    /// </summary>
    public Func<HttpContext, ToolScope?>? Scope { get; set; }
}
