namespace Alter.Typed;

/// <summary>What kind of owner a <see cref="Principal"/> is.</summary>
public enum PrincipalKind
{
    /// <summary>A person, identified by the issuer of their token and its subject (<c>iss</c>, <c>sub</c>).</summary>
    User,

    /// <summary>The app itself: system grants that no user owns (a CLI, the quickstart, a service account).</summary>
    App,

    /// <summary>An AI agent with credentials of its own.</summary>
    Agent,
}

/// <summary>
/// Whom a call acts for and who owns a grant. A user is (issuer, subject): the same <c>sub</c> from two issuers is two
/// users. Principals are compared by value and never fall back to one another: a user's call never resolves to the
/// app's grants, and the app's never to a user's.
/// </summary>
public sealed record Principal
{
    /// <summary>The issuer value of app principals.</summary>
    public const string AppIssuer = "alter:app";

    /// <summary>The issuer value of agent principals.</summary>
    public const string AgentIssuer = "alter:agent";

    /// <summary>The longest issuer or subject accepted (characters).</summary>
    public const int MaxLength = 1024;

    private Principal(PrincipalKind kind, string issuer, string subject) => (Kind, Issuer, Subject) = (kind, issuer, subject);

    /// <summary>The kind of owner.</summary>
    public PrincipalKind Kind { get; }

    /// <summary>The issuer, exactly as in the validated token's <c>iss</c> (or <see cref="AppIssuer"/>, <see cref="AgentIssuer"/>).</summary>
    public string Issuer { get; }

    /// <summary>The subject: the user id claim of the validated token, the app's id, or the agent's id.</summary>
    public string Subject { get; }

    /// <summary>A user, from a validated token's issuer and subject.</summary>
    /// <exception cref="ArgumentException">Either is empty, too long, or contains control characters.</exception>
    public static Principal User(string issuer, string subject) => new(PrincipalKind.User, Checked(issuer, nameof(issuer)), Checked(subject, nameof(subject)));

    /// <summary>The app itself, owner of system grants.</summary>
    public static Principal ForApp(string appId) => new(PrincipalKind.App, AppIssuer, Checked(appId, nameof(appId)));

    /// <summary>An agent of the app.</summary>
    public static Principal Agent(string agentId) => new(PrincipalKind.Agent, AgentIssuer, Checked(agentId, nameof(agentId)));

    /// <summary>
    /// The owner key stored with a grant: the kind, then the issuer's length, then issuer and subject, so that no two
    /// principals share a key whatever characters their parts hold.
    /// </summary>
    public string Key => _key ??= string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{KindName(Kind)}:{Issuer.Length}:{Issuer}{Subject}");

    // Built once per instance: every call's audit row and grant lookup use the key, and a principal is typically one
    // long-lived object (the app's, a client's ForUser). Not part of equality (see Equals).
    private string? _key;

    /// <summary>Same kind, issuer and subject (ordinal).</summary>
    public bool Equals(Principal? other)
        => other is not null && Kind == other.Kind && string.Equals(Issuer, other.Issuer, StringComparison.Ordinal) && string.Equals(Subject, other.Subject, StringComparison.Ordinal);

    /// <summary>A hash of kind, issuer and subject.</summary>
    public override int GetHashCode() => HashCode.Combine(Kind, StringComparer.Ordinal.GetHashCode(Issuer), StringComparer.Ordinal.GetHashCode(Subject));

    /// <summary>Reads a <see cref="Key"/> back; null when it is not one.</summary>
    public static Principal? FromKey(string key)
    {
        var colon = key.IndexOf(':');
        if (colon <= 0) return null;
        var kind = key[..colon] switch { "user" => PrincipalKind.User, "app" => PrincipalKind.App, "agent" => PrincipalKind.Agent, _ => (PrincipalKind?)null };
        var second = key.IndexOf(':', colon + 1);
        if (kind is null || second < 0 || !int.TryParse(key.AsSpan(colon + 1, second - colon - 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var length)) return null;
        var rest = key.AsSpan(second + 1);
        if (length <= 0 || length >= rest.Length) return null;
        var (issuer, subject) = (rest[..length].ToString(), rest[length..].ToString());
        try
        {
            return kind switch
            {
                PrincipalKind.User => User(issuer, subject),
                PrincipalKind.App when issuer == AppIssuer => ForApp(subject),
                PrincipalKind.Agent when issuer == AgentIssuer => Agent(subject),
                _ => null,
            };
        }
        catch (ArgumentException) { return null; }
    }

    /// <summary>For messages and logs: <c>user alice (https://issuer/)</c>, <c>app app_…</c>.</summary>
    public override string ToString() => Kind == PrincipalKind.User ? $"user {Subject} ({Issuer})" : $"{KindName(Kind)} {Subject}";

    private static string KindName(PrincipalKind kind) => kind switch { PrincipalKind.User => "user", PrincipalKind.App => "app", _ => "agent" };

    private static string Checked(string value, string name)
    {
        ArgumentNullException.ThrowIfNull(value, name);
        if (value.Length == 0) throw new ArgumentException("A principal's issuer and subject cannot be empty.", name);
        if (value.Length > MaxLength) throw new ArgumentException($"A principal's issuer and subject are at most {MaxLength} characters.", name);
        foreach (var c in value)
            if (char.IsControl(c) || c is '\u2028' or '\u2029' or '\u0085')
                throw new ArgumentException("A principal's issuer and subject cannot contain control characters or line separators.", name);
        return value;
    }
}
