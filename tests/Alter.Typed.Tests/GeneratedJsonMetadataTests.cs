using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Alter.Typed.Generated;
using Xunit;

namespace Alter.Typed.Tests;

/// <summary>
/// Typed calls (de)serialize through the metadata the generator emits, never through reflection: what Native AOT and
/// trimming need. Reflection stays last in a provider's resolver chain only for the untyped escape hatch, so these tests
/// ask the generated resolvers themselves.
/// </summary>
public sealed class GeneratedJsonMetadataTests
{
    /// <summary>
    /// For every catalog provider, every generated model and every type its properties reach (lists, dictionaries,
    /// nested models, scalars) is described by the provider's generated resolver or the runtime's scalar context.
    /// </summary>
    [Fact]
    public void Every_catalog_model_and_what_it_reaches_has_generated_metadata()
    {
        int providers = 0, types = 0;
        foreach (var descriptor in App.Catalog)
        {
            var generated = Assert.IsAssignableFrom<IJsonTypeInfoResolver>(descriptor.JsonTypeInfoResolver);
            var json = new ResolvedProvider(descriptor, null).Json;
            var seen = new HashSet<Type>();
            var pending = new Stack<Type>(ModelTypes(generated));
            while (pending.Count > 0)
            {
                var type = pending.Pop();
                if (!seen.Add(type)) continue;
                var info = generated.GetTypeInfo(type, json) ?? ((IJsonTypeInfoResolver)ScalarJsonContext.Default).GetTypeInfo(type, json);
                Assert.True(info is not null, $"{descriptor.Id}: no generated metadata for {type}.");
                foreach (var property in info.Properties) pending.Push(property.PropertyType);
                if (info.ElementType is { } element) pending.Push(element);
                if (info.KeyType is { } key) pending.Push(key);
                types++;
            }
            if (seen.Count > 0) providers++;
        }
        Assert.True(providers >= 15, $"{providers} providers with models"); // 16, with 637 types, when written
        Assert.True(types >= 600, $"{types} types");
    }

    /// <summary>The generated resolvers follow each provider's naming policy, and explicit names only where it would not produce them.</summary>
    [Fact]
    public void Generated_metadata_names_properties_with_the_provider_policy()
    {
        var slack = new ResolvedProvider(Slack.SlackProvider.Descriptor, null).Json;
        var request = new Slack.ChatPostMessageRequest { Channel = "#general", Text = "hi", ThreadTs = "1.2", UnfurlLinks = true };
        var text = JsonSerializer.Serialize(request, (JsonTypeInfo<Slack.ChatPostMessageRequest>)slack.GetTypeInfo(typeof(Slack.ChatPostMessageRequest)));
        Assert.Equal("""{"channel":"#general","text":"hi","thread_ts":"1.2","unfurl_links":true}""", text);

        var answer = JsonSerializer.Deserialize(
            """{"ok":true,"channel":"C1","ts":"1.5","message":{"type":"message","text":"hi","ts":"1.5"},"unknown":[1,2]}""",
            (JsonTypeInfo<Slack.ChatPostMessageResponse>)slack.GetTypeInfo(typeof(Slack.ChatPostMessageResponse)))!;
        Assert.True(answer.Ok);
        Assert.Equal("C1", answer.Channel);
        Assert.Equal("hi", answer.Message!.Text);
    }

    /// <summary>A member the description calls required but the answer leaves out does not fail the call (Graph's <c>$select</c>).</summary>
    [Fact]
    public void An_answer_without_a_documented_required_member_still_reads()
    {
        var graph = new ResolvedProvider(MicrosoftGraph.MicrosoftGraphProvider.Descriptor, null).Json;
        var me = JsonSerializer.Deserialize("""{"displayName":"Ada Lovelace"}""", (JsonTypeInfo<MicrosoftGraph.User>)graph.GetTypeInfo(typeof(MicrosoftGraph.User)))!;
        Assert.Equal("Ada Lovelace", me.DisplayName);
        Assert.Null(me.Id);
    }

    /// <summary>
    /// Typed calls of several providers round-trip through the sandbox with the generated metadata: request bodies written,
    /// answers (objects, lists, nested models) read.
    /// </summary>
    [Fact]
    public async Task Typed_calls_of_several_providers_round_trip()
    {
        await using var world = await TestWorld.StartAsync();
        await using var app = world.OpenApp();
        await app.Connect(["slack", "github", "notion"]);

        var sent = await app.Slack.Chat.PostMessage(new() { Channel = "#general", Text = "Hello from generated metadata." });
        Assert.True(sent.Ok);
        Assert.Equal("Hello from generated metadata.", Assert.Single(world.Sandbox.State.Messages).Text);

        var created = await app.GitHub.Issues.Create("octo-sandbox", "hello-world", new() { Title = "Found a bug", Labels = ["bug"] });
        Assert.Equal("Found a bug", created.Title);
        var page = await app.GitHub.Issues.ListForRepo("octo-sandbox", "hello-world", new() { State = "open", PerPage = 2 });
        Assert.Equal(2, page.Count);
        Assert.All(page, issue => Assert.False(string.IsNullOrEmpty(issue.Title)));

        var me = await app.Notion.Users.Me();
        Assert.False(string.IsNullOrEmpty(me.Id));
    }

    /// <summary>The public model classes of the provider whose generated resolver this is (nested in its provider class).</summary>
    private static IEnumerable<Type> ModelTypes(IJsonTypeInfoResolver generated)
    {
        var ns = generated.GetType().DeclaringType!.Namespace;
        return typeof(App).Assembly.GetTypes().Where(t =>
            t.Namespace == ns && t.IsPublic && t.IsClass && t.IsSealed && !t.IsAbstract
            && t.GetConstructor(Type.EmptyTypes) is not null
            && !typeof(IAlterMultipartRequest).IsAssignableFrom(t)
            && t.GetCustomAttribute<System.CodeDom.Compiler.GeneratedCodeAttribute>() is not null);
    }
}
