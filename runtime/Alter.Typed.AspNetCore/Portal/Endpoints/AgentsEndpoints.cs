using Alter.Typed.AspNetCore.Portal.Components.Pages;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;

namespace Alter.Typed.AspNetCore.Portal.Endpoints;

/// <summary>The model of <see cref="AgentsPage"/>.</summary>
internal sealed record AgentsModel(IReadOnlyList<AgentInfo> Agents);

/// <summary>The model of <see cref="AgentPage"/>: the agent, its policy, keys (never their values) and grants; the new key on the mint response only.</summary>
internal sealed record AgentModel(AgentDetails Details, DateTimeOffset Now, MintedAgentKey? Minted = null);

/// <summary>
/// An app's agents (<see cref="AlterApp.Agents"/>, as <c>alter agents</c>): <c>GET agents</c>, <c>GET agents/{agent}</c>
/// (its stored policy, keys and grants), <c>POST agents/{agent}/keys</c> (mint: the plaintext is on that response only),
/// <c>POST agents/{agent}/keys/{key}/revoke</c>.
/// </summary>
internal static class AgentsEndpoints
{
    public static void Map(RouteGroupBuilder app)
    {
        app.MapGet("/agents", async (PortalRequest portal) =>
        {
            await using var opened = portal.OpenApp();
            return portal.Page<AgentsPage>("Agents", "agents", new AgentsModel(opened.Agents.List()));
        });

        app.MapGet("/agents/{agent}", async (PortalRequest portal, string agent) =>
        {
            await using var opened = portal.OpenApp();
            var details = Find(portal, opened, agent);
            return portal.Page<AgentPage>("Agent " + details.Agent.Name, "agents", new AgentModel(details, Now(portal)));
        });

        app.MapPost("/agents/{agent}/keys", async (PortalRequest portal, string agent) =>
        {
            await using var opened = portal.OpenApp();
            var details = Find(portal, opened, agent);
            var minted = opened.Agents.MintKey(details.Agent.Id);
            portal.Audit(opened, "portal.agents.keys.mint", details.Agent.Principal.Key);
            return portal.Page<AgentPage>("Agent " + details.Agent.Name, "agents", new AgentModel(Find(portal, opened, agent), Now(portal), minted));
        });

        app.MapPost("/agents/{agent}/keys/{key}/revoke", async (PortalRequest portal, string agent, string key) =>
        {
            await using var opened = portal.OpenApp();
            var details = Find(portal, opened, agent);
            // Only this agent's keys: another agent's key id is "not found" here.
            if (!details.Keys.Any(k => k.Id == key && k.RevokedAt is null) || !opened.Agents.RevokeKey(key))
                throw new AlterException($"The agent '{details.Agent.Name}' has no active key '{key}'.");
            portal.Audit(opened, "portal.agents.keys.revoke", details.Agent.Principal.Key);
            return portal.Done(portal.AppUrl("agents/" + Uri.EscapeDataString(details.Agent.Id)), "agent-key-revoked");
        });
    }

    private static AgentDetails Find(PortalRequest portal, PortalApp app, string agent)
        => app.Agents.Show(agent) ?? throw new AlterException($"The app '{portal.App!.Name}' has no agent '{agent}'.");

    private static DateTimeOffset Now(PortalRequest portal) => portal.Store.AlterOptions.TimeProvider.GetUtcNow();
}
