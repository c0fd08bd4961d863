using Alter.Typed.Generated;
using Alter.Typed.Http;
using Xunit;

namespace Alter.Typed.Tests.Policy;

/// <summary>
/// <see cref="UntypedOperationMap"/>: an untyped request maps to the one described operation whose template it matches,
/// and to none for anything an attacker could use to make a request look like another operation (or like none).
/// </summary>
public sealed class UntypedOperationMapTests
{
    private static readonly Uri Base = new("https://api.example.test/v3/");

    private static OperationDescriptor Op(string id, HttpMethod method, string template, params string[] scopes)
        => new("acme", id, method, template, BodyKind.Json) { Scopes = scopes };

    private static readonly ProviderDescriptor Acme = new()
    {
        Id = "acme",
        Name = "Acme",
        Auth = new ProviderAuth { Kind = AuthKind.Bearer },
        Api = new ProviderApi { BaseUrl = Base.ToString(), AllowedHosts = [Base.Host] },
        Operations =
        [
            Op("issues/list", HttpMethod.Get, "repos/{owner}/{repo}/issues", "repo"),
            Op("issues/create", HttpMethod.Post, "repos/{owner}/{repo}/issues", "repo"),
            Op("repos/sub", HttpMethod.Get, "repos/{owner}/{repo}/{x}"),
            Op("repos/get", HttpMethod.Get, "repos/{owner}/{repo}"),
            Op("user/get", HttpMethod.Get, "user"),
            Op("files/get", HttpMethod.Get, "files/{name}.json"),
            Op("ops/cancel", HttpMethod.Post, "/operations/{id}:cancel"),
            Op("a/x", HttpMethod.Get, "a/{x}"),
            Op("y/b", HttpMethod.Get, "{y}/b"),
        ],
    };

    /// <summary>The operation id <paramref name="url"/> (relative to the base, or absolute) maps to, or null.</summary>
    private static string? Map(HttpMethod method, string url)
    {
        var uri = Uri.TryCreate(url, UriKind.Absolute, out var absolute) ? absolute : new Uri(Base, url.TrimStart('/'));
        return UntypedOperationMap.For(Acme).Match(method, url, uri, Base)?.Id;
    }

    [Theory]
    [InlineData("GET", "user", "user/get")]
    [InlineData("GET", "user?per_page=10#x", "user/get")]
    [InlineData("GET", "https://api.example.test/v3/user", "user/get")]
    [InlineData("GET", "https://API.EXAMPLE.TEST/v3/user", "user/get")]                 // host names are case-insensitive
    [InlineData("GET", "https://api.example.test:443/v3/user", "user/get")]
    [InlineData("GET", "repos/octo/hello/issues", "issues/list")]                       // the most literal template wins
    [InlineData("POST", "repos/octo/hello/issues", "issues/create")]
    [InlineData("GET", "repos/octo/hello/pulls", "repos/sub")]
    [InlineData("GET", "repos/octo/hello", "repos/get")]
    [InlineData("GET", "repos/o%20c/h%C3%A9llo", "repos/get")]                          // encoded characters are fine in a value
    [InlineData("GET", "files/report.json", "files/get")]
    [InlineData("POST", "operations/op-1:cancel", "ops/cancel")]
    public void A_request_maps_to_the_one_operation_it_calls(string method, string url, string expected)
        => Assert.Equal(expected, Map(new HttpMethod(method), url));

    [Theory]
    [InlineData("GET", "repos/octo%2Fhello/issues")]        // an encoded slash in a value
    [InlineData("GET", "repos/octo%2fhello/x")]
    [InlineData("GET", "repos/octo%5Chello/issues")]        // an encoded backslash
    [InlineData("GET", "repos/octo\\hello/issues")]          // a backslash (parsed as a slash)
    [InlineData("GET", "repos/octo/hello/../../user")]       // dot segments, plain and encoded
    [InlineData("GET", "repos/octo/hello/%2e%2e/x")]
    [InlineData("GET", "repos/octo/hello/%2E/issues")]
    [InlineData("GET", "repos/%252e%252e/hello/issues")]      // a dot segment for a server that decodes twice
    [InlineData("GET", "repos/..;/hello/issues")]            // '..;' is '..' to some servers
    [InlineData("GET", "./user")]
    [InlineData("GET", "https://api.example.test/v3/repos/../user")]
    [InlineData("GET", "User")]                              // literal segments are case-sensitive
    [InlineData("GET", "repos/octo/hello/Issues/")]
    [InlineData("GET", "user/")]                             // a trailing slash the template does not have
    [InlineData("GET", "repos/octo/hello/")]
    [InlineData("GET", "repos//hello/issues")]               // an empty value
    [InlineData("GET", "repos/octo/hello/issues/1")]          // more segments than any template
    [InlineData("GET", "https://evil.test/v3/user")]          // another host
    [InlineData("GET", "http://api.example.test/v3/user")]    // another scheme
    [InlineData("GET", "https://api.example.test:8443/v3/user")] // another port
    [InlineData("GET", "https://user:pw@api.example.test/v3/user")] // credentials in the URL
    [InlineData("GET", "https://api.example.test/v2/user")]   // outside the base path
    [InlineData("GET", "https://api.example.test/v3")]
    [InlineData("GET", "../v2/user")]                         // a relative path that climbs out of the base
    [InlineData("get", "user")]                               // the method as described, exactly
    [InlineData("DELETE", "user")]                            // no such method for the path
    [InlineData("GET", "a/b")]                                // a/{x} and {y}/b tie: neither
    [InlineData("GET", "files/.json")]                        // a placeholder takes at least one character
    [InlineData("GET", "files/report.xml")]
    public void A_request_that_could_be_read_as_another_path_maps_to_none(string method, string url)
        => Assert.Null(Map(new HttpMethod(method), url));

    [Fact]
    public void The_mapped_operation_carries_the_description_s_scopes_and_the_map_is_cached_per_provider()
    {
        var map = UntypedOperationMap.For(Acme);
        Assert.Same(map, UntypedOperationMap.For(Acme));
        var operation = map.Match(HttpMethod.Post, "repos/o/r/issues", new Uri(Base, "repos/o/r/issues"), Base);
        Assert.Equal(["repo"], operation!.Scopes!);
        Assert.Equal("acme:issues/create", operation.PolicyId);
    }

    [Fact]
    public void Two_operations_with_the_same_method_and_template_map_to_neither()
    {
        var duplicated = new ProviderDescriptor
        {
            Id = "dup", Name = "Dup", Auth = new ProviderAuth { Kind = AuthKind.Bearer },
            Api = new ProviderApi { BaseUrl = Base.ToString(), AllowedHosts = [Base.Host] },
            Operations = [Op("one", HttpMethod.Get, "things/{id}"), Op("two", HttpMethod.Get, "things/{key}")],
        };
        Assert.Null(UntypedOperationMap.For(duplicated).Match(HttpMethod.Get, "things/1", new Uri(Base, "things/1"), Base));
    }

    [Fact]
    public void A_provider_without_described_operations_maps_nothing()
    {
        var adhoc = new ProviderDescriptor
        {
            Id = "adhoc", Name = "Ad hoc", Auth = new ProviderAuth { Kind = AuthKind.Bearer },
            Api = new ProviderApi { BaseUrl = Base.ToString(), AllowedHosts = [Base.Host] },
        };
        Assert.Null(UntypedOperationMap.For(adhoc).Match(HttpMethod.Get, "user", new Uri(Base, "user"), Base));
    }

    [Fact]
    public void Slack_s_generated_description_maps_its_methods()
    {
        var slack = Slack.SlackProvider.Descriptor;
        var api = new Uri("https://slack.com/api/");
        var map = UntypedOperationMap.For(slack);
        Assert.Equal("chat.postMessage", map.Match(HttpMethod.Post, "chat.postMessage", new Uri(api, "chat.postMessage"), api)?.Id);
        Assert.Equal("chat.postMessage", map.Match(HttpMethod.Post, "https://slack.com/api/chat.postMessage", new Uri("https://slack.com/api/chat.postMessage"), api)?.Id);
        Assert.Null(map.Match(HttpMethod.Post, "chat.postmessage", new Uri(api, "chat.postmessage"), api));
        Assert.Null(map.Match(HttpMethod.Post, "chat.nosuchMethod", new Uri(api, "chat.nosuchMethod"), api));
    }
}
