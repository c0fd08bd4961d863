namespace WebApp.Issuer;

/// <summary>A person the local issuer knows.</summary>
internal sealed record IssuerUser(string Subject, string Name, string Email);

/// <summary>
/// The local issuer's users: alice and bob, both with the development password <see cref="DevPassword"/>. A sample's
/// stand-in for your real identity provider (Entra ID, Auth0, Keycloak, ...); never a pattern for storing passwords.
/// </summary>
internal static class IssuerUsers
{
    /// <summary>The password of every sample user (documented in samples/WebApp/README.md).</summary>
    public const string DevPassword = "alter-dev";

    public static readonly IReadOnlyList<IssuerUser> All =
    [
        new("alice", "Alice Example", "alice@example.test"),
        new("bob", "Bob Example", "bob@example.test"),
    ];

    public static IssuerUser? Find(string? subject) => All.FirstOrDefault(u => string.Equals(u.Subject, subject, StringComparison.Ordinal));

    /// <summary>The user whose name and password match, compared in fixed time; else null.</summary>
    public static IssuerUser? Check(string? name, string? password)
    {
        var user = Find(name?.Trim().ToLowerInvariant());
        var ok = System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
            System.Text.Encoding.UTF8.GetBytes(password ?? ""), System.Text.Encoding.UTF8.GetBytes(DevPassword));
        return ok ? user : null;
    }
}
