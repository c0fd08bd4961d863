using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Alter.Typed.Generated;
using Xunit;

namespace Alter.Typed.Tests;

/// <summary>
/// The providers' own published response examples read into the generated models, with the provider's runtime options
/// and its generated metadata only (no reflection). The examples live in <c>PublishedExamples/&lt;provider&gt;.json</c>,
/// each with its source: the official descriptions in <c>/work/shared/specs</c> (GitHub, Slack, Notion; file and JSON
/// path) and the docs pages of Discord and Microsoft Graph (repository, file and example heading).
/// </summary>
public sealed class PublishedExamplesTests
{
    /// <summary>
    /// What each typed operation of the five providers answers, by operation id. <see langword="null"/>: nothing to read
    /// into a model (no body, or an untyped <c>JsonElement</c> answer that any JSON fits).
    /// </summary>
    private static readonly Dictionary<string, Dictionary<string, Type?>> Responses = new()
    {
        ["github"] = new()
        {
            ["users/get-authenticated"] = typeof(GitHub.PrivateUser),
            ["issues/create"] = typeof(GitHub.Issue),
            ["issues/list-for-repo"] = typeof(IReadOnlyList<GitHub.Issue>),
        },
        ["slack"] = new()
        {
            ["chat.postMessage"] = typeof(Slack.ChatPostMessageResponse),
            ["auth.test"] = typeof(Slack.AuthTestResponse),
            ["conversations.list"] = typeof(Slack.ConversationsListResponse),
        },
        ["notion"] = new()
        {
            ["get-self"] = ReturnType(typeof(Notion.NotionClient), "Users", "Me"),
            ["post-search"] = null, ["get-block-children"] = null, ["patch-block-children"] = null, ["retrieve-a-page"] = null,
            ["patch-page"] = null, ["post-page"] = null, ["query-data-source"] = null, ["retrieve-a-database"] = null,
        },
        ["discord"] = new()
        {
            ["get_channel"] = null,
            ["list_messages"] = ReturnType(typeof(Discord.DiscordClient), "Channels", "ListMessages"),
            ["create_message"] = ReturnType(typeof(Discord.DiscordClient), "Channels", "CreateMessage"),
            ["get_my_user"] = ReturnType(typeof(Discord.DiscordClient), "Users", "Me"),
            ["list_my_guilds"] = ReturnType(typeof(Discord.DiscordClient), "Users", "ListMyGuilds"),
        },
        ["microsoft"] = new()
        {
            ["me.user.GetUser"] = typeof(MicrosoftGraph.User),
            ["me.ListMessages"] = ReturnType(typeof(MicrosoftGraph.MicrosoftGraphClient), "Me", "ListMessages"),
            ["me.sendMail"] = null,
            ["me.ListEvents"] = ReturnType(typeof(MicrosoftGraph.MicrosoftGraphClient), "Me", "ListEvents"),
            ["me.CreateEvents"] = ReturnType(typeof(MicrosoftGraph.MicrosoftGraphClient), "Me", "CreateEvent"),
            ["me.drive.root.ListChildren"] = ReturnType(typeof(MicrosoftGraph.MicrosoftGraphClient), "Me", "ListDriveRootChildren"),
        },
    };

    public static TheoryData<string, string, string, string> Examples()
    {
        var data = new TheoryData<string, string, string, string>();
        foreach (var provider in Responses.Keys)
        {
            var file = Path.Combine(AppContext.BaseDirectory, "PublishedExamples", provider + ".json");
            foreach (var entry in JsonNode.Parse(File.ReadAllText(file))!.AsArray())
                data.Add(provider, (string)entry!["operation"]!, (string)entry["source"]!, entry["example"]!.ToJsonString());
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void A_published_example_reads_into_the_generated_model(string provider, string operation, string source, string example)
    {
        Assert.True(Responses[provider].TryGetValue(operation, out var type), $"{provider} has no typed operation {operation} ({source}).");
        Assert.True(type is not null, $"{provider} {operation} answers nothing typed, yet has an example ({source}).");
        var json = GeneratedOnly(provider);

        var read = JsonSerializer.Deserialize(example, json.GetTypeInfo(type));

        Assert.NotNull(read);
        // What the model keeps, written back, is a subset of the example: nothing was read into the wrong member.
        var written = JsonNode.Parse(JsonSerializer.Serialize(read, json.GetTypeInfo(type)))!;
        AssertSubset(JsonNode.Parse(example)!, written, $"{provider} {operation} ({source})");
    }

    /// <summary>Graph's <c>$select</c> answer has no <c>id</c>, which the description calls required: it still reads.</summary>
    [Fact]
    public void A_select_answer_without_id_reads()
    {
        var json = GeneratedOnly("microsoft");
        var example = Examples().Select(row => (string)row[3]).First(e => e.Contains("postalCode", StringComparison.Ordinal));

        var user = (MicrosoftGraph.User)JsonSerializer.Deserialize(example, json.GetTypeInfo(typeof(MicrosoftGraph.User)))!;

        Assert.Null(user.Id);
        Assert.Equal("Adele Vance", user.DisplayName);
    }

    /// <summary>Every typed operation of the five providers is in the table above, so a new one is not silently skipped.</summary>
    [Fact]
    public void Every_typed_operation_is_accounted_for()
    {
        foreach (var (provider, responses) in Responses)
        {
            var descriptor = App.Catalog.Single(d => d.Id == provider);
            var operations = descriptor.JsonTypeInfoResolver!.GetType().DeclaringType!.Assembly.GetTypes()
                .Where(t => t.Namespace == descriptor.JsonTypeInfoResolver.GetType().DeclaringType!.Namespace && t.Name.EndsWith("OperationDescriptors", StringComparison.Ordinal))
                .SelectMany(t => t.GetFields(BindingFlags.Static | BindingFlags.NonPublic | BindingFlags.Public))
                .Select(f => f.GetValue(null)).OfType<OperationDescriptor>().Select(o => o.Id).Order().ToArray();
            Assert.Equal(operations, responses.Keys.Order().ToArray());
        }
    }

    /// <summary>The provider's runtime options with its generated metadata and the scalars only: reflection cannot help.</summary>
    private static JsonSerializerOptions GeneratedOnly(string provider)
    {
        var descriptor = App.Catalog.Single(d => d.Id == provider);
        var options = new JsonSerializerOptions(new ResolvedProvider(descriptor, null).Json)
        {
            TypeInfoResolver = JsonTypeInfoResolver.Combine(descriptor.JsonTypeInfoResolver, ScalarJsonContext.Default),
        };
        options.MakeReadOnly();
        return options;
    }

    private static Type ReturnType(Type client, string group, string method)
    {
        var groupType = client.GetProperty(group)!.PropertyType;
        var task = groupType.GetMethod(method)!.ReturnType;
        return task.GetGenericArguments().Single();
    }

    private static void AssertSubset(JsonNode expected, JsonNode actual, string where)
    {
        switch (actual)
        {
            case JsonObject obj:
                var source = Assert.IsType<JsonObject>(expected);
                foreach (var (name, value) in obj)
                {
                    // A documented-required value member the example leaves out reads as its default (false, 0).
                    if (!source.ContainsKey(name) && value is JsonValue v && (v.GetValueKind() == JsonValueKind.False || v.ToJsonString() == "0")) continue;
                    Assert.True(source.TryGetPropertyValue(name, out var original), $"{where}: '{name}' was not in the example.");
                    if (value is null) Assert.Null(original);
                    else AssertSubset(original!, value, where + "." + name);
                }
                break;
            case JsonArray array:
                var items = Assert.IsType<JsonArray>(expected);
                Assert.Equal(items.Count, array.Count);
                for (var i = 0; i < array.Count; i++)
                    if (array[i] is { } item) AssertSubset(items[i]!, item, $"{where}[{i}]");
                break;
            default:
                // Numbers and dates may be spelled differently (1.0 vs 1, offsets): compare values through their kinds.
                Assert.Equal(expected.GetValueKind(), actual.GetValueKind());
                if (actual.GetValueKind() == JsonValueKind.String && !DateTimeOffset.TryParse(actual.GetValue<string>(), out _))
                    Assert.Equal(expected.GetValue<string>(), actual.GetValue<string>());
                break;
        }
    }
}
