using System.Text;
using System.Text.Json.Nodes;

namespace Alter.Typed.Tests.Pagination;

/// <summary>
/// Stands between the pipeline and the network (the app's primary handler, above the world's wire recorder) and rewrites
/// answers, as a compromised provider or a man in the middle would: the attacker's side of the host-check tests.
/// </summary>
internal sealed class TamperingHandler(HttpMessageHandler inner, Func<HttpRequestMessage, HttpResponseMessage, Task> tamper) : DelegatingHandler(inner)
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        await tamper(request, response);
        return response;
    }

    /// <summary>Replaces the JSON body with what <paramref name="edit"/> makes of it.</summary>
    public static async Task EditJsonAsync(HttpResponseMessage response, Action<JsonObject> edit)
    {
        var json = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        edit(json);
        response.Content = new StringContent(json.ToJsonString(), Encoding.UTF8, "application/json");
    }
}
