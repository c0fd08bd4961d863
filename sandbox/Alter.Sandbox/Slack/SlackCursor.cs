using System.Text;

namespace Alter.Sandbox.Slack;

/// <summary>
/// The sandbox's Slack page cursors: opaque to a client, as Slack's are (base64 of a kind and the id the next page
/// starts at). A cursor of another kind, or not base64 at all, decodes to null: the endpoint answers invalid_cursor.
/// </summary>
internal static class SlackCursor
{
    /// <summary>
    /// The page of <paramref name="items"/> a request asks for (from the item its <paramref name="cursor"/> names, at most
    /// <paramref name="limit"/>) and the next page's cursor ("" on the last, as Slack answers); null when the cursor is not
    /// one of this list's (the endpoint answers <c>invalid_cursor</c>).
    /// </summary>
    public static (IEnumerable<T> Items, string Next)? Page<T>(IReadOnlyList<T> items, Func<T, string> id, string kind, string? cursor, int limit)
    {
        var start = 0;
        if (cursor is not null)
        {
            var at = Decode(kind, cursor);
            start = at is null ? -1 : items.Select(id).ToList().IndexOf(at);
            if (start < 0) return null;
        }

        var next = start + limit < items.Count ? Encode(kind, id(items[start + limit])) : "";
        return (items.Skip(start).Take(limit), next);
    }

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
