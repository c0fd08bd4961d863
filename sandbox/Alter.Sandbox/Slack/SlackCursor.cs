using System.Text;

namespace Alter.Sandbox.Slack;

/// <summary>
/// The sandbox's Slack page cursors: opaque to a client, as Slack's are (base64 of a kind and the id the next page
/// starts at). A cursor of another kind, or not base64 at all, decodes to null: the endpoint answers invalid_cursor.
/// </summary>
internal static class SlackCursor
{
    /// <summary>The cursor of the page that starts at <paramref name="id"/> in a list of <paramref name="kind"/> ("channel", "user").</summary>
    public static string Encode(string kind, string id) => Convert.ToBase64String(Encoding.UTF8.GetBytes(kind + ":" + id));

    /// <summary>The id a cursor of <paramref name="kind"/> starts at, or null when it is not one.</summary>
    public static string? Decode(string kind, string cursor)
    {
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(cursor));
            return text.StartsWith(kind + ":", StringComparison.Ordinal) ? text[(kind.Length + 1)..] : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
