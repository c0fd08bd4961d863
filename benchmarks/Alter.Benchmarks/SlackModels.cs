using Refit;

namespace Alter.Benchmarks;

// What a user writes by hand for the alternatives: the request/response types and a Refit interface.
public sealed class PostMessageRequest
{
    public required string Channel { get; init; }
    public string? Text { get; init; }
}

public sealed class SlackMessage
{
    public string? Type { get; init; }
    public string? User { get; init; }
    public string? Text { get; init; }
    public string? Ts { get; init; }
    public string? BotId { get; init; }
}

public sealed class PostMessageResponse
{
    public bool Ok { get; init; }
    public string? Channel { get; init; }
    public string? Ts { get; init; }
    public string? Error { get; init; }
    public SlackMessage? Message { get; init; }
}

public interface ISlackApi
{
    [Post("/chat.postMessage")]
    Task<PostMessageResponse> PostMessage([Body] PostMessageRequest request, [Authorize("Bearer")] string token);
}
