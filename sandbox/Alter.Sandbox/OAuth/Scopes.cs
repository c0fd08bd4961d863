namespace Alter.Sandbox.OAuth;

/// <summary>Scope lists: requested space- or comma-separated, granted comma-separated as both providers answer.</summary>
internal static class Scopes
{
    public const string Deny = "sandbox:deny";

    public static string[] Split(string? scope) =>
        (scope ?? "").Split([' ', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public static string Granted(string? requested, string defaults)
    {
        var scopes = Split(requested);
        return scopes.Length == 0 ? defaults : string.Join(',', scopes.Distinct(StringComparer.Ordinal));
    }
}
