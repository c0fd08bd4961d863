namespace Alter.Typed;

/// <summary>An agent of an app: an AI workload with its own identity (<see cref="Principal.Agent"/>) and keys.</summary>
/// <param name="Id">The agent id (<c>agent_…</c>): the subject of its principal.</param>
/// <param name="AppId">The app it belongs to.</param>
/// <param name="Name">Its name, unique within the app.</param>
/// <param name="CreatedAt">When it was created.</param>
public sealed record AgentInfo(string Id, string AppId, string Name, DateTimeOffset CreatedAt)
{
    /// <summary>The principal the agent's calls act for and its grants are owned by.</summary>
    public Principal Principal => Principal.Agent(Id);
}

/// <summary>An agent key's public facts; the key itself is never stored.</summary>
/// <param name="Id">The key id (the part after <c>alter_key_agent_</c>).</param>
/// <param name="AgentId">The agent it opens the app as.</param>
/// <param name="CreatedAt">When it was minted.</param>
/// <param name="DeprecatedAt">When it was deprecated, if it was.</param>
/// <param name="ExpiresAt">When a deprecated key stops working (the end of its grace), if it was deprecated.</param>
/// <param name="RevokedAt">When it was revoked, if it was.</param>
public sealed record AgentKeyInfo(string Id, string AgentId, DateTimeOffset CreatedAt, DateTimeOffset? DeprecatedAt, DateTimeOffset? ExpiresAt, DateTimeOffset? RevokedAt)
{
    /// <summary><c>active</c>, <c>deprecated</c> (still working until <see cref="ExpiresAt"/>), <c>expired</c> or <c>revoked</c>, at <paramref name="now"/>.</summary>
    public string StatusAt(DateTimeOffset now)
        => RevokedAt is not null ? "revoked" : ExpiresAt is { } end ? (end <= now ? "expired" : "deprecated") : "active";
}

/// <summary>A newly minted agent key: <see cref="ApiKey"/> is shown this once and cannot be recovered.</summary>
/// <param name="Info">The key's stored facts.</param>
/// <param name="ApiKey">The plaintext key (<c>alter_key_agent_…</c>).</param>
public sealed record MintedAgentKey(AgentKeyInfo Info, string ApiKey)
{
    /// <summary>Keeps the key out of logs and debugger displays.</summary>
    public override string ToString() => $"MintedAgentKey {{ Id = {Info.Id}, AgentId = {Info.AgentId} }}";
}

/// <summary>A newly created agent and its first key (shown this once).</summary>
/// <param name="Agent">The agent.</param>
/// <param name="Key">Its first key.</param>
public sealed record CreatedAgent(AgentInfo Agent, MintedAgentKey Key)
{
    /// <summary>Keeps the key out of logs and debugger displays.</summary>
    public override string ToString() => $"CreatedAgent {{ Agent = {Agent}, Key = {Key} }}";
}

/// <summary>An agent with its keys (never their values) and the grants it owns (never their tokens).</summary>
/// <param name="Agent">The agent.</param>
/// <param name="Keys">Its keys, oldest first.</param>
/// <param name="Grants">The grants it owns (its own static credentials and connections), oldest first.</param>
public sealed record AgentDetails(AgentInfo Agent, IReadOnlyList<AgentKeyInfo> Keys, IReadOnlyList<GrantInfo> Grants)
{
    /// <summary>The agent's stored access policy; null when it has none (or it cannot be read: <see cref="PolicyProblem"/>), and then it may call nothing.</summary>
    public AccessPolicy? Policy { get; init; }

    /// <summary>Why the agent's stored policy cannot be read (it is then denied everything); null when it can, or when there is none.</summary>
    public string? PolicyProblem { get; init; }
}
