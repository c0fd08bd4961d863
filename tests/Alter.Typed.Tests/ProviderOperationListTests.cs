using Alter.Typed.Generated;
using Xunit;

namespace Alter.Typed.Tests;

/// <summary>
/// <see cref="ProviderDescriptor.Operations"/>: the generated list an untyped request is mapped through and tools are
/// listed from. It must hold every operation exactly once, each naming its own provider, with the description's scopes.
/// </summary>
public sealed class ProviderOperationListTests
{
    [Fact]
    public void Slack_lists_its_operations_once_each_with_the_description_s_scopes()
    {
        var operations = Slack.SlackProvider.Descriptor.Operations;

        Assert.NotEmpty(operations);
        Assert.All(operations, o => Assert.Equal("slack", o.ProviderId));
        Assert.Equal(operations.Count, operations.Select(o => o.Id).Distinct(StringComparer.Ordinal).Count());
        OperationDescriptor post = Assert.Single(operations, o => o.Id == "chat.postMessage");
        Assert.Equal(HttpMethod.Post, post.Method);
        Assert.Equal("slack:chat.postMessage", post.PolicyId);
        Assert.Equal(Slack.SlackOperations.ChatPostMessage, post.PolicyId);
        Assert.Contains("chat:write", post.Scopes!);
    }

    [Fact]
    public void An_ad_hoc_provider_lists_no_operations()
    {
        var descriptor = new ProviderDescriptor
        {
            Id = "adhoc",
            Name = "Ad hoc",
            Auth = new ProviderAuth { Kind = AuthKind.ApiKey },
            Api = new ProviderApi { BaseUrl = "https://api.adhoc.example/", AllowedHosts = ["api.adhoc.example"] },
        };

        Assert.Empty(descriptor.Operations);
    }
}
