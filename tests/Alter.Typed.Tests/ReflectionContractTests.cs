using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Alter.Typed.Generated;
using Xunit;

namespace Alter.Typed.Tests;

/// <summary>
/// A plain app (neither trimmed nor AOT) gets the typed clients without their JSON metadata, and its models are read by
/// reflection (<c>JsonMetadata.ReflectionBased</c>); this project builds them with the metadata. Both must be one JSON
/// contract: the same members under the same JSON names, of the same types, for every catalog model.
/// </summary>
public sealed class ReflectionContractTests
{
    [Fact]
    public void Reflection_reads_every_catalog_model_under_the_contract_of_the_generated_metadata()
    {
        int models = 0, members = 0;
        foreach (var descriptor in App.Catalog)
        {
            var generated = Assert.IsAssignableFrom<IJsonTypeInfoResolver>(descriptor.JsonTypeInfoResolver);
            var json = new ResolvedProvider(descriptor, null).Json;
            var reflectionOptions = ReflectionBuild(descriptor);
            var seen = new HashSet<Type>();
            var pending = new Stack<Type>(ModelTypes(generated));
            while (pending.Count > 0)
            {
                var type = pending.Pop();
                if (!seen.Add(type) || generated.GetTypeInfo(type, json) is not { } expected) continue;
                var actual = reflectionOptions.GetTypeInfo(type);
                Assert.Equal(expected.Kind, actual.Kind);
                Assert.Equal(Contract(expected), Contract(actual));
                foreach (var property in expected.Properties) pending.Push(property.PropertyType);
                if (expected.ElementType is { } element) pending.Push(element);
                if (expected.Kind == JsonTypeInfoKind.Object)
                {
                    models++;
                    members += expected.Properties.Count;
                }
            }
        }

        Assert.True(models >= 380, $"{models} models, {members} members"); // 389 models when written
        Assert.True(members >= 2000, $"{models} models, {members} members");
    }

    [Fact]
    public void A_plain_build_of_the_catalog_reads_and_writes_the_same_json_as_the_generated_metadata()
    {
        // An answer with nested models, lists, a dictionary, an explicit JSON name and a member the model does not know.
        const string answer = """{"ok":true,"channel":"C1","ts":"1.5","message":{"type":"message","text":"hi","ts":"1.5"},"unknown":[1,2]}""";
        var generated = new ResolvedProvider(Slack.SlackProvider.Descriptor, null).Json;
        var reflection = ReflectionBuild(Slack.SlackProvider.Descriptor);
        var viaGenerated = JsonSerializer.Deserialize<Slack.ChatPostMessageResponse>(answer, generated)!;
        var viaReflection = JsonSerializer.Deserialize<Slack.ChatPostMessageResponse>(answer, reflection)!;
        Assert.Equal(JsonSerializer.Serialize(viaGenerated, generated), JsonSerializer.Serialize(viaReflection, reflection));
        Assert.Equal("hi", viaReflection.Message!.Text);

        // Query parameters stay out of the body (Asana's opt_fields, opt_pretty beside its "data" envelope).
        var task = new Asana.TasksCreateRequest { Data = new Asana.TaskRequest { Name = "t" }, OptFields = ["name"], OptPretty = true };
        string taskJson = JsonSerializer.Serialize(task, ReflectionBuild(Asana.AsanaProvider.Descriptor));
        Assert.Equal(JsonSerializer.Serialize(task, new ResolvedProvider(Asana.AsanaProvider.Descriptor, null).Json), taskJson);
        Assert.DoesNotContain("opt_", taskJson, StringComparison.Ordinal);

        var request = new Slack.ChatPostMessageRequest { Channel = "#general", Text = "hi", ThreadTs = "1.2", UnfurlLinks = true };
        Assert.Equal("""{"channel":"#general","text":"hi","thread_ts":"1.2","unfurl_links":true}""", JsonSerializer.Serialize(request, reflection));
    }

    [Fact]
    public void Where_reflection_is_off_a_provider_built_without_metadata_says_how_to_generate_it()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            TypeInfoResolver = ResolvedProvider.Resolvers(JsonMetadata.ReflectionBased, reflectionEnabled: false),
        };

        // Scalars still come from the runtime's context; a model reaches the marker, whose error names the fix.
        Assert.Equal("\"hi\"", JsonSerializer.Serialize("hi", options));
        var error = Assert.Throws<NotSupportedException>(() => JsonSerializer.Serialize(new Slack.ChatPostMessageRequest { Channel = "C1", Text = "hi" }, options));
        Assert.Contains("Alter.Typed.Slack.ChatPostMessageRequest has no JSON metadata", error.Message, StringComparison.Ordinal);
        Assert.Contains("<AlterJsonMetadata>true</AlterJsonMetadata>", error.Message, StringComparison.Ordinal);
    }

    /// <summary>The options a plain build's descriptor gets: the same descriptor with <c>JsonMetadata.ReflectionBased</c>.</summary>
    private static JsonSerializerOptions ReflectionBuild(ProviderDescriptor descriptor)
        => new ResolvedProvider(
            new ProviderDescriptor
            {
                Id = descriptor.Id,
                Name = descriptor.Name,
                Auth = descriptor.Auth,
                Api = descriptor.Api,
                ConnectionValues = descriptor.ConnectionValues,
                Errors = descriptor.Errors,
                Operations = descriptor.Operations,
                JsonTypeInfoResolver = JsonMetadata.ReflectionBased,
            },
            null).Json;

    /// <summary>
    /// The members JSON reads or writes, by name (reflection also lists a <c>[JsonIgnore]</c> member, without accessors,
    /// and where one shares a JSON name with a body member, as Spotify's <c>position</c> query parameter and body member
    /// do, the body member takes its place in the order: JSON objects are unordered, so the order is not compared).
    /// </summary>
    private static List<string> Contract(JsonTypeInfo info)
        => [.. info.Properties.Where(p => p.Get is not null || p.Set is not null).Select(p => $"{p.Name}: {p.PropertyType}").Order(StringComparer.Ordinal)];

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
