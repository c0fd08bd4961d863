namespace Alter.Typed.AspNetCore.Portal;

/// <summary>
/// The confirmations a page shows after a change (<c>?done=key-revoked</c>). Only these fixed texts are ever shown:
/// nothing from the query string reaches the page.
/// </summary>
internal static class PortalNotices
{
    private static readonly Dictionary<string, string> Texts = new(StringComparer.Ordinal)
    {
        ["app-created"] = "The app was created.",
        ["key-revoked"] = "The API key was revoked.",
        ["provider-saved"] = "The provider settings were saved.",
        ["provider-removed"] = "The provider settings were removed.",
        ["grant-revoked"] = "The grant was revoked.",
        ["grant-removed"] = "The grant was removed from the vault (the provider was not asked).",
        ["agent-key-revoked"] = "The agent key was revoked.",
        ["delegation-revoked"] = "The delegation was revoked.",
        ["approval-approved"] = "The call was approved: it may now go through once.",
        ["approval-denied"] = "The call was denied.",
        ["connection-revoked"] = "The connection was revoked.",
        ["signed-out"] = "You are signed out.",
    };

    public static string? Find(string? key) => key is not null && Texts.TryGetValue(key, out var text) ? text : null;
}
