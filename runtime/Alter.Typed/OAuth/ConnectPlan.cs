namespace Alter.Typed.OAuth;

/// <summary>
/// A Connect that passed its checks (<see cref="Connector.Prepare"/>): the provider bound to its connection values, and
/// the scopes to ask for. The loopback and the web flow both build their authorize URL and exchange their code from one.
/// </summary>
/// <param name="Provider">The provider, bound to <paramref name="Connection"/>.</param>
/// <param name="Connection">The validated connection values (empty for most providers).</param>
/// <param name="Scopes">The scopes asked for.</param>
/// <param name="UserScopes">User scopes (Slack's <c>user_scope</c>), or null for an app token.</param>
internal sealed record ConnectPlan(ResolvedProvider Provider, IReadOnlyDictionary<string, string> Connection, IReadOnlyList<string> Scopes, IReadOnlyList<string>? UserScopes)
{
    /// <summary>The grant will hold the user token of a provider that issues one beside the app's.</summary>
    public bool UserToken => UserScopes is { Count: > 0 };
}
