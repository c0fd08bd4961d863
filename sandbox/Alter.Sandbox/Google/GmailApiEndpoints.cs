using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Alter.Sandbox.Google;

/// <summary>
/// A slice of the Gmail API: <c>users/{userId}/profile</c>, <c>users/{userId}/messages</c> (list, with
/// <c>maxResults</c> and <c>pageToken</c>) and <c>users/{userId}/messages/{id}</c> (the full format), for <c>me</c> or
/// the mailbox's address, with Google's 401 bodies.
/// </summary>
internal sealed class GmailApiEndpoints(SandboxContext sandbox)
{
    public const string EmailAddress = "ada@example.com";

    // Gmail ids are 16 hex digits; a message's threadId is the id of the thread's first message.
    private static readonly (string Id, string ThreadId)[] Messages =
    [
        ("18f3c2a1b0d9e8f7", "18f3c2a1b0d9e8f7"),
        ("18f3c29e5a4b3c2d", "18f3c27d1e2f3a4b"),
        ("18f3c27d1e2f3a4b", "18f3c27d1e2f3a4b"),
    ];

    public void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("gmail/api/gmail/v1/users/{userId}/profile", (HttpRequest request, string userId) =>
            Authenticate(request) ?? Mailbox(userId) ?? SandboxJson.Result(new JsonObject
            {
                ["emailAddress"] = EmailAddress,
                ["messagesTotal"] = 1289,
                ["threadsTotal"] = 934,
                ["historyId"] = "2384711",
            }));
        app.MapGet("gmail/api/gmail/v1/users/{userId}/messages", (HttpRequest request, string userId) =>
            Authenticate(request) ?? Mailbox(userId) ?? ListMessages(request));
        app.MapGet("gmail/api/gmail/v1/users/{userId}/messages/{id}", (HttpRequest request, string userId, string id) =>
            Authenticate(request) ?? Mailbox(userId) ?? GetMessage(id));
        app.Map("gmail/api/gmail/v1/{**path}", (HttpRequest request) => Authenticate(request) ?? GoogleApiErrors.NotFound(request.Path));
    }

    private IResult? Authenticate(HttpRequest request) => GoogleApiErrors.Authenticate(request, sandbox.Tokens, GmailEmulation.ProviderId);

    /// <summary>Another user's mailbox: Gmail answers 403 "Delegation denied for ...".</summary>
    private static IResult? Mailbox(string userId) =>
        userId is "me" or EmailAddress
            ? null
            : GoogleApiErrors.Error(StatusCodes.Status403Forbidden, $"Delegation denied for {EmailAddress}", "PERMISSION_DENIED",
                new JsonObject { ["message"] = $"Delegation denied for {EmailAddress}", ["domain"] = "global", ["reason"] = "forbidden" });

    private static IResult ListMessages(HttpRequest request)
    {
        int max = int.TryParse(request.Query["maxResults"], out int m) && m > 0 ? Math.Min(m, 500) : 100;
        int start = int.TryParse(request.Query["pageToken"], out int p) && p >= 0 ? p : 0;
        var page = Messages.Skip(start).Take(max).ToList();
        var body = new JsonObject
        {
            ["messages"] = new JsonArray(page.Select(x => (JsonNode)new JsonObject { ["id"] = x.Id, ["threadId"] = x.ThreadId }).ToArray()),
        };
        if (start + page.Count < Messages.Length) body["nextPageToken"] = (start + page.Count).ToString(System.Globalization.CultureInfo.InvariantCulture);
        body["resultSizeEstimate"] = page.Count;
        return SandboxJson.Result(body);
    }

    /// <summary>messages.get in the default <c>full</c> format: int64 values (historyId, internalDate) are JSON strings.</summary>
    private static IResult GetMessage(string id)
    {
        var match = Messages.FirstOrDefault(m => m.Id == id);
        if (match.Id is null)
        {
            return GoogleApiErrors.Error(StatusCodes.Status404NotFound, "Requested entity was not found.", "NOT_FOUND",
                new JsonObject { ["message"] = "Requested entity was not found.", ["domain"] = "global", ["reason"] = "notFound" });
        }

        return SandboxJson.Result(new JsonObject
        {
            ["id"] = match.Id,
            ["threadId"] = match.ThreadId,
            ["labelIds"] = new JsonArray("UNREAD", "IMPORTANT", "CATEGORY_PERSONAL", "INBOX"),
            ["snippet"] = "Hi Ada, the notes from Tuesday are attached.",
            ["payload"] = new JsonObject
            {
                ["partId"] = "",
                ["mimeType"] = "text/plain",
                ["filename"] = "",
                ["headers"] = new JsonArray(
                    new JsonObject { ["name"] = "From", ["value"] = "Charles Babbage <charles@example.com>" },
                    new JsonObject { ["name"] = "To", ["value"] = EmailAddress },
                    new JsonObject { ["name"] = "Subject", ["value"] = "Notes" },
                    new JsonObject { ["name"] = "Date", ["value"] = "Tue, 24 Nov 2026 09:12:44 +0000" }),
                ["body"] = new JsonObject { ["size"] = 44, ["data"] = "SGkgQWRhLCB0aGUgbm90ZXMgZnJvbSBUdWVzZGF5IGFyZSBhdHRhY2hlZC4=" },
            },
            ["sizeEstimate"] = 5312,
            ["historyId"] = "2384702",
            ["internalDate"] = "1795511564000",
        });
    }
}
