using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Json.Schema;
using Xunit;

namespace Alter.Catalog.Tests;

/// <summary>The catalog's own rules, on every <c>providers/*/*.provider.json</c>.</summary>
public sealed partial class CatalogTests
{
    // providers/provider.schema.json declares JSON Schema 2020-12, which JsonSchema.Net evaluates natively
    // ($defs, if/then, patternProperties, const): no draft conversion is needed.
    private static readonly Lazy<JsonSchema> s_schema = new(() => JsonSchema.FromText(File.ReadAllText(Catalog.SchemaPath)));

    public static TheoryData<string> Files() => Catalog.Files();

    [Fact]
    public void Catalog_has_descriptions()
    {
        Assert.True(Catalog.All.Count >= 2, $"no descriptions found under {Catalog.ProvidersDirectory}");
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Description_validates_against_the_schema(string file)
    {
        var d = Catalog.Get(file);
        using var document = JsonDocument.Parse(d.Text);
        var result = s_schema.Value.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (result.IsValid) return;
        var errors = (result.Details ?? [])
            .Where(r => r.Errors is { Count: > 0 } && !r.EvaluationPath.ToString().Contains("/if", StringComparison.Ordinal)) // an unmet "if" is not an error
            .SelectMany(r => r.Errors!.Select(e => $"  {r.InstanceLocation} ({r.EvaluationPath}): {e.Value}"));
        Assert.Fail($"{d} does not follow providers/provider.schema.json:\n{string.Join('\n', errors)}");
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Folder_file_name_and_id_agree(string file)
    {
        var d = Catalog.Get(file);
        Assert.True(d.Folder == d.Id && d.FileName == d.Id + ".provider.json",
            $"{d}: the id is '{d.Id}', so the file must be providers/{d.Id}/{d.Id}.provider.json");
        Assert.Matches(IdRegex(), d.Id);
    }

    [Fact]
    public void Ids_are_unique()
    {
        var duplicates = Catalog.All.GroupBy(d => d.Id, StringComparer.Ordinal).Where(g => g.Count() > 1)
            .Select(g => $"{g.Key}: {string.Join(", ", g)}").ToList();
        Assert.True(duplicates.Count == 0, "duplicate provider ids:\n" + string.Join('\n', duplicates));
    }

    [Fact]
    public void CSharp_names_are_unique()
    {
        var duplicates = Catalog.All.GroupBy(d => Catalog.CSharpName(d.Name), StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1)
            .Select(g => $"{g.Key}: {string.Join(", ", g.Select(d => $"{d.Id} (\"{d.Name}\")"))}").ToList();
        Assert.True(duplicates.Count == 0, "names that become the same App property:\n" + string.Join('\n', duplicates));
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Urls_are_https(string file)
    {
        var d = Catalog.Get(file);
        foreach (var (path, url) in Catalog.Urls(d))
        {
            // A templated URL (a declared per-connection value in the host) is checked with the value filled in.
            var filled = Regex.Replace(url, @"\{[^{}]+\}", "x");
            Assert.True(Uri.TryCreate(filled, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps && !uri.IsLoopback,
                $"{d}: {path} '{url}' must be an absolute https URL (catalog URLs never use http or loopback)");
            Assert.True(string.IsNullOrEmpty(uri.UserInfo), $"{d}: {path} '{url}' must not carry credentials");
        }
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Templated_urls_declare_their_per_connection_values(string file)
    {
        var d = Catalog.Get(file);
        var declared = Catalog.DeclaredConnectionValues(d);
        // Documentation links may name reference pages with braces (.../users/{userId}): nothing is sent there.
        var values = Catalog.Urls(d).Where(u => u.Path != "auth.revocationUrl" && !u.Path.EndsWith("docsUrl", StringComparison.Ordinal))
            .Concat((d.Api["allowedHosts"] as JsonArray ?? []).Select((h, i) => ($"api.allowedHosts[{i}]", (string?)h ?? "")));
        foreach (var (path, value) in values)
            foreach (var name in Catalog.Placeholders(value))
                Assert.True(declared.Contains(name),
                    $"{d}: {path} '{value}' needs the per-connection value '{name}', which the description does not declare");
        // The runtime fills {client_id} in a revocation URL (GitHub's style); anything else there is a per-connection value too.
        if ((string?)d.Auth["revocationUrl"] is { } revocation)
            foreach (var name in Catalog.Placeholders(revocation).Where(n => n != "client_id"))
                Assert.True(declared.Contains(name), $"{d}: auth.revocationUrl '{revocation}' needs the undeclared per-connection value '{name}'");
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Base_url_ends_with_a_slash_and_its_host_is_allowed(string file)
    {
        var d = Catalog.Get(file);
        var baseUrl = (string?)d.Api["baseUrl"] ?? "";
        Assert.True(baseUrl.EndsWith('/'), $"{d}: api.baseUrl '{baseUrl}' must end with '/'");
        var hosts = Hosts(d);
        var baseHost = new Uri(Regex.Replace(baseUrl, @"\{[^{}]+\}", "x")).Host;
        Assert.True(hosts.Any(h => Regex.Replace(h, @"\{[^{}]+\}", "x") == baseHost),
            $"{d}: api.allowedHosts [{string.Join(", ", hosts)}] must include the base URL's host {baseHost}");
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Allowed_hosts_are_plain_api_hosts(string file)
    {
        var d = Catalog.Get(file);
        var hosts = Hosts(d);
        Assert.True(hosts.Count == hosts.Distinct(StringComparer.OrdinalIgnoreCase).Count(), $"{d}: api.allowedHosts lists a host twice");
        // Per-connection placeholders ({subdomain}) stand for one DNS label: check the URLs with a sample value in place.
        static string Sample(string text) => Regex.Replace(text, @"\{[^{}]+\}", "x");
        var baseHost = new Uri(Sample((string?)d.Api["baseUrl"] ?? "https://invalid/")).Host;
        var authHosts = new[] { "authorizationUrl", "tokenUrl" }
            .Select(k => (string?)d.Auth[k]).OfType<string>().Select(u => new Uri(Sample(u)).Host).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var host in hosts.Select(Sample))
        {
            Assert.True(HostRegex().IsMatch(host), $"{d}: '{host}' is not a plain lower-case host name (no scheme, port, path or wildcard)");
            // A token must not travel to the authorization server, unless that host is also where the API lives.
            Assert.False(authHosts.Contains(host) && !string.Equals(host, baseHost, StringComparison.OrdinalIgnoreCase),
                $"{d}: '{host}' serves the OAuth endpoints, not the API: remove it from api.allowedHosts");
        }
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Description_documents_itself(string file)
    {
        var d = Catalog.Get(file);
        Assert.False(string.IsNullOrWhiteSpace((string?)d.Json["description"]), $"{d}: add a one-line description");
        Assert.DoesNotContain('\n', (string?)d.Json["description"] ?? "");
        Assert.False(string.IsNullOrWhiteSpace((string?)d.Json["docsUrl"]), $"{d}: add docsUrl, the provider's API documentation");
        Assert.True(d.Api["jsonNaming"] is not null, $"{d}: say api.jsonNaming (the provider's JSON property style)");
        var reauth = d.Json["errors"]?["reauthStatus"] as JsonArray;
        Assert.True(reauth is not null && reauth.Any(s => (int?)s == 401), $"{d}: errors.reauthStatus must list 401");
        if (d.Kind == "oauth2")
        {
            foreach (var key in new[] { "scopeSeparator", "pkce", "clientAuthentication", "defaultScopes" })
                Assert.True(d.Auth[key] is not null, $"{d}: say auth.{key} explicitly (catalog entries do not rely on defaults)");
        }
        else
        {
            foreach (var key in new[] { "authorizationUrl", "tokenUrl", "revocationUrl", "pkce", "defaultScopes", "authorizationParameters", "clientAuthentication" })
                Assert.True(d.Auth[key] is null, $"{d}: auth.{key} is an OAuth field; a {d.Kind} provider must not set it");
        }
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Description_holds_no_secret(string file)
    {
        var d = Catalog.Get(file);
        foreach (var (path, name, value) in Strings(d.Json, ""))
        {
            Assert.False(name is not null && SecretKeyRegex().IsMatch(name),
                $"{d}: {path} looks like a credential field; descriptions never hold secrets");
            Assert.False(SecretValueRegex().IsMatch(value), $"{d}: {path} looks like a token or key; descriptions never hold secrets");
        }
    }

    private static List<string> Hosts(Description d)
        => (d.Api["allowedHosts"] as JsonArray ?? []).Select(h => (string?)h ?? "").ToList();

    private static IEnumerable<(string Path, string? Name, string Value)> Strings(JsonNode? node, string path)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (key, child) in o)
                {
                    var childPath = path.Length == 0 ? key : $"{path}.{key}";
                    if (child is JsonValue v && v.TryGetValue<string>(out var s)) yield return (childPath, key, s);
                    else foreach (var item in Strings(child, childPath)) yield return item;
                }
                break;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                {
                    if (a[i] is JsonValue v && v.TryGetValue<string>(out var s)) yield return ($"{path}[{i}]", null, s);
                    else foreach (var item in Strings(a[i], $"{path}[{i}]")) yield return item;
                }
                break;
        }
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]*$")]
    private static partial Regex IdRegex();

    [GeneratedRegex(@"^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$")]
    private static partial Regex HostRegex();

    [GeneratedRegex("^(client_?secret|api_?key|password|secret|access_?token|refresh_?token|private_?key)$", RegexOptions.IgnoreCase)]
    private static partial Regex SecretKeyRegex();

    // OpenAI/Anthropic/Stripe keys, Slack and GitHub tokens, AWS key ids, JWTs, PEM blocks, bearer or basic values.
    [GeneratedRegex(@"\b(sk|rk|pk)_(live|test)_[A-Za-z0-9]{10,}|\bsk-[A-Za-z0-9_-]{20,}|\bxox[abposr]-[A-Za-z0-9-]{10,}|\b(ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{20,}|\bgithub_pat_[A-Za-z0-9_]{20,}|\bAKIA[0-9A-Z]{16}\b|\beyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}|-----BEGIN [A-Z ]*PRIVATE KEY-----|\b(Bearer|Basic) [A-Za-z0-9._~+/=-]{16,}")]
    private static partial Regex SecretValueRegex();
}
