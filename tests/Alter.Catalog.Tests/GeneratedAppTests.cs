using System.Reflection;
using Alter.Typed;
using Xunit;

namespace Alter.Catalog.Tests;

/// <summary>
/// This project imports providers/catalog.props, so the generator ran over the whole catalog to build it (a description it
/// rejected, or any ALTER warning, would have failed the build). These tests check what it produced against the files.
/// </summary>
public sealed class GeneratedAppTests
{
    private static readonly Dictionary<string, ProviderDescriptor> s_generated = typeof(App).Assembly.GetTypes()
        .Where(t => t.Namespace?.StartsWith("Alter.Typed.", StringComparison.Ordinal) == true && t.Name.EndsWith("Provider", StringComparison.Ordinal))
        .Select(t => t.GetProperty("Descriptor", BindingFlags.Public | BindingFlags.Static)?.GetValue(null) as ProviderDescriptor)
        .OfType<ProviderDescriptor>()
        .ToDictionary(p => p.Id, StringComparer.Ordinal);

    public static TheoryData<string> Files() => Catalog.Files();

    [Fact]
    public void Generator_emitted_a_provider_for_every_description()
    {
        var files = Catalog.All.Select(d => d.Id).ToHashSet(StringComparer.Ordinal);
        var missing = files.Except(s_generated.Keys).Order(StringComparer.Ordinal).ToList();
        var extra = s_generated.Keys.Except(files).Order(StringComparer.Ordinal).ToList();
        Assert.True(missing.Count == 0 && extra.Count == 0,
            $"generated providers differ from the files: missing [{string.Join(", ", missing)}], unexpected [{string.Join(", ", extra)}]");
    }

    [Fact]
    public void App_has_a_client_property_for_every_description()
    {
        var clients = typeof(App).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => typeof(ProviderClient).IsAssignableFrom(p.PropertyType))
            .ToDictionary(p => p.Name, StringComparer.Ordinal);
        foreach (var d in Catalog.All)
        {
            var name = Catalog.CSharpName(d.Name);
            Assert.True(clients.TryGetValue(name, out var property), $"App has no property {name} for {d}");
            Assert.Equal($"Alter.Typed.{name}.{name}Client", property!.PropertyType.FullName);
        }
        Assert.Equal(Catalog.All.Count, clients.Count);
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Generated_descriptor_matches_the_file(string file)
    {
        var d = Catalog.Get(file);
        Assert.True(s_generated.TryGetValue(d.Id, out var p), $"no generated provider for {d}");
        Assert.Equal(d.Name, p!.Name);
        Assert.Equal(d.Kind, p.Auth.Kind switch { AuthKind.OAuth2 => "oauth2", AuthKind.ApiKey => "apiKey", AuthKind.Bearer => "bearer", _ => "basic" });
        Assert.Equal((string?)d.Auth["authorizationUrl"], p.Auth.AuthorizationUrl);
        Assert.Equal((string?)d.Auth["tokenUrl"], p.Auth.TokenUrl);
        Assert.Equal((string?)d.Auth["refreshUrl"], p.Auth.RefreshUrl);
        Assert.Equal((string?)d.Auth["revocationUrl"], p.Auth.RevocationUrl);
        Assert.Equal(d.Pkce, p.Auth.Pkce);
        Assert.Equal((string?)d.Api["baseUrl"], p.Api.BaseUrl);
        Assert.Equal(((System.Text.Json.Nodes.JsonArray)d.Api["allowedHosts"]!).Select(h => (string?)h), p.Api.AllowedHosts);
        var parameters = d.Auth["authorizationParameters"] as System.Text.Json.Nodes.JsonObject;
        Assert.Equal(parameters?.Count ?? 0, p.Auth.AuthorizationParameters.Count);
        foreach (var (key, value) in parameters ?? [])
            Assert.Equal((string?)value, p.Auth.AuthorizationParameters[key]);
    }
}
