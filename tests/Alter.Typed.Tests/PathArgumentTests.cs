using System.Net;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Alter.Typed.Generated;
using Alter.Typed.Vault;
using Xunit;

namespace Alter.Typed.Tests;

/// <summary>
/// Path arguments are hostile input (issue 10): <c>GitHub.Issues.ListForRepo(owner: "..", repo: "..")</c> reached
/// <c>GET /issues</c>, audited as <c>issues/list-for-repo</c>. For every typed operation of the catalog that this project
/// generates (its generated operation descriptors, found by reflection) and every path parameter, dot segments in
/// every spelling are refused before anything is sent, and a normal value reaches exactly the operation's template
/// with its parameters filled in. The network edge is a recording handler that answers 200.
/// </summary>
public sealed partial class PathArgumentTests : IDisposable
{
    private static readonly string[] Hostile = ["..", ".", "%2E%2E", "%2e%2E", "%2e.", ".%2E", "a/../b", "../issues", "..%2F..%2Fissues", "%252E%252E", "a\\..\\b", "./x", ""];

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "alter-paths-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task No_path_argument_of_any_catalog_operation_reaches_another_endpoint()
    {
        var operations = GeneratedOperations().Where(o => Placeholders(o.PathTemplate).Count > 0).ToList();
        Assert.Equal(OperationsWithPathParametersInTheCatalogFiles(), operations.Count); // every one of them, not a sample
        var recorder = new RecordingHandler();
        await using var app = OpenApp(recorder, out var grants);
        var failures = new List<string>();
        var hostileCalls = 0;

        foreach (var operation in operations)
        {
            var provider = App.Catalog.Single(p => p.Id == operation.ProviderId);
            var client = new ProbeClient(app, provider, grants[provider.Id]);
            var names = Placeholders(operation.PathTemplate);
            foreach (var name in names)
            {
                foreach (var value in Hostile)
                {
                    var sentBefore = recorder.Sent.Count;
                    var arguments = Arguments(names, name, value);
                    hostileCalls++;
                    try
                    {
                        await client.SendAsync<JsonElement>(operation, arguments, CancellationToken.None);
                        failures.Add($"{operation.Id} {name}={value}: sent {recorder.Sent.Last()}");
                    }
                    catch (ArgumentException e) when (e.Message.Contains($"'{name}'", StringComparison.Ordinal) && e.Message.Contains(operation.Id, StringComparison.Ordinal))
                    {
                        if (recorder.Sent.Count != sentBefore) failures.Add($"{operation.Id} {name}={value}: refused, but something was sent");
                    }
                    catch (Exception e)
                    {
                        failures.Add($"{operation.Id} {name}={value}: {e.GetType().Name}: {e.Message}");
                    }
                }
            }

            // A normal value: exactly the template, filled in, under the provider's base URL.
            var normal = new RequestArguments();
            foreach (var name in names) normal.Path(name, "v-" + name.Length);
            var count = recorder.Sent.Count;
            try { await client.SendAsync<JsonElement>(operation, normal, CancellationToken.None); }
            catch (ProviderApiException) { } // the canned answer may not satisfy the provider's verdict; the request went out
            if (recorder.Sent.Count != count + 1) { failures.Add($"{operation.Id}: a normal value sent {recorder.Sent.Count - count} requests"); continue; }
            var sent = recorder.Sent.Last();
            var filled = Regex.Replace(operation.PathTemplate.Split('?')[0].TrimStart('/'), @"\{([^}]+)\}", m => "v-" + m.Groups[1].Value.Length);
            var expected = ResolvedBase(app, provider, grants[provider.Id]).AbsolutePath.TrimEnd('/') + "/" + filled;
            if (sent.AbsolutePath != expected) failures.Add($"{operation.Id}: sent {sent.AbsolutePath}, expected {expected}");
        }

        Assert.True(failures.Count == 0, $"{failures.Count} failures among {hostileCalls} hostile calls and {operations.Count} normal ones:\n" + string.Join('\n', failures.Take(30)));
    }

    [Theory]
    [InlineData("..")]
    [InlineData("%2E%2E")]
    [InlineData("a/../b")]
    public async Task The_issue_s_own_attack_is_refused_with_an_error_naming_the_parameter_and_the_operation(string value)
    {
        var recorder = new RecordingHandler();
        await using var app = OpenApp(recorder, out var grants);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => app.GitHub.WithGrant(grants["github"]).Issues.ListForRepo(owner: value, repo: "hello"));

        Assert.Equal("owner", error.ParamName);
        Assert.Contains("issues/list-for-repo", error.Message);
        Assert.Contains("nothing was sent", error.Message);
        Assert.Empty(recorder.Sent);
    }

    [Theory]
    [InlineData("octo-sandbox", "hello-world", "/repos/octo-sandbox/hello-world/issues")]
    [InlineData("...", "a.b", "/repos/.../a.b/issues")]                       // dots that are not dot segments pass
    [InlineData("a b", "x/y", "/repos/a%20b/x%2Fy/issues")]                   // escaped, one segment each
    public async Task Ordinary_values_reach_the_template_filled_in(string owner, string repo, string path)
    {
        var recorder = new RecordingHandler("[]");
        await using var app = OpenApp(recorder, out var grants);

        await app.GitHub.WithGrant(grants["github"]).Issues.ListForRepo(owner, repo);

        Assert.Equal(path, Assert.Single(recorder.Sent).AbsolutePath);
    }

    /// <summary>The catalog's operations, from the descriptors the generator emitted into this assembly.</summary>
    private static IEnumerable<OperationDescriptor> GeneratedOperations()
        => typeof(PathArgumentTests).Assembly.GetTypes()
            .SelectMany(t => t.GetFields(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic))
            .Where(f => f.FieldType == typeof(OperationDescriptor))
            .Select(f => (OperationDescriptor)f.GetValue(null)!)
            .DistinctBy(o => (o.ProviderId, o.Id));

    /// <summary>
    /// The same count, read from providers/*/*.provider.json rather than from what was generated: a description's default
    /// set (<c>defaultOperations</c>, the curated ids of a catalog entry that carries a whole API), else all of it.
    /// </summary>
    private static int OperationsWithPathParametersInTheCatalogFiles()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(root.FullName, "AlterTyped.sln"))) root = root.Parent ?? throw new InvalidOperationException("No AlterTyped.sln above the test folder.");
        var count = 0;
        foreach (var file in Directory.GetFiles(Path.Combine(root.FullName, "providers"), "*.provider.json", SearchOption.AllDirectories))
        {
            using var description = JsonDocument.Parse(File.ReadAllText(file));
            if (!description.RootElement.TryGetProperty("operations", out var list)) continue;
            HashSet<string>? defaults = description.RootElement.TryGetProperty("defaultOperations", out var ids)
                ? [.. ids.EnumerateArray().Select(id => id.GetString()!)]
                : null;
            count += list.EnumerateArray()
                .Where(o => defaults is null || defaults.Contains(o.GetProperty("id").GetString()!))
                .Count(o => o.GetProperty("path").GetString()!.Split('?')[0].Contains('{'));
        }
        return count;
    }

    private static IReadOnlyList<string> Placeholders(string template)
        => [.. PlaceholderPattern().Matches(template.Split('?')[0]).Select(m => m.Groups[1].Value).Distinct()];

    private static RequestArguments Arguments(IReadOnlyList<string> names, string hostileName, string hostileValue)
    {
        var arguments = new RequestArguments();
        foreach (var name in names) arguments.Path(name, name == hostileName ? hostileValue : "ok");
        return arguments;
    }

    [GeneratedRegex(@"\{([^}]+)\}")]
    private static partial Regex PlaceholderPattern();

    /// <summary>An app on a fresh store with one grant per catalog provider, written straight into the vault (most are OAuth).</summary>
    private App OpenApp(RecordingHandler recorder, out Dictionary<string, string> grants)
    {
        Directory.CreateDirectory(_directory);
        var options = new AlterOptions
        {
            DatabasePath = Path.Combine(_directory, Guid.NewGuid().ToString("N") + ".db"), VaultKey = RandomNumberGenerator.GetBytes(32),
            PrimaryHandler = recorder, MaxRetries = 0,
        };
        var admin = AlterAdmin.Open(options);
        var appInfo = admin.CreateApp("paths");
        var apiKey = admin.MintKey("paths").ApiKey;
        var store = new GrantStore(new SqliteDatabase(options.DatabasePath), new TokenCipher(options.VaultKey), appInfo.Id, TimeProvider.System);
        grants = App.Catalog.ToDictionary(p => p.Id, p => store.Save(p.Id, Principal.ForApp(appInfo.Id), null, [], new TokenSet("token-" + p.Id, null, null),
            p.ConnectionValues.ToDictionary(v => v.Name, _ => "acme")).Id);
        return new App(apiKey, options);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
    }

    /// <summary>The provider's API base as bound for a grant (its connection values filled in).</summary>
    private static Uri ResolvedBase(App app, ProviderDescriptor provider, string grantId)
        => new(ConnectionValues.Substitute(provider.Api.BaseUrl, app.GetGrant(grantId)!.ConnectionValues));

    private sealed class ProbeClient(AlterApp app, ProviderDescriptor provider, string grantId) : ProviderClient(app, provider, grantId);

    /// <summary>The network edge: records each request that would leave the process and answers 200 with a small JSON object.</summary>
    private sealed class RecordingHandler(string body = """{"ok":true}""") : HttpMessageHandler
    {
        public List<Uri> Sent { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            lock (Sent) Sent.Add(request.RequestUri!);
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK)
            {
                RequestMessage = request,
                Content = new StringContent(body, Encoding.UTF8, "application/json"),
            });
        }
    }
}
