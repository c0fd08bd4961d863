using Microsoft.CodeAnalysis;
using Xunit;

namespace Alter.Typed.Generator.Tests;

/// <summary>The generated catalog compiles without a single diagnostic, and reads as the product promises.</summary>
public sealed class CompilationTests
{
    internal const string Consumer = """
        using System.Threading.Tasks;
        using Alter.Typed;

        namespace Consumer;

        internal static class Program
        {
            internal static async Task Run()
            {
                var app = new App("k");
                var sent = await app.Slack.Chat.PostMessage(new() { Channel = "#general", Text = "Hi" });
                bool ok = sent.Ok;
                string? ts = sent.Ts;
                var me = await app.Slack.Auth.Test();
                var channels = await app.Slack.Conversations.List(new() { Limit = 100, ExcludeArchived = true });
                string? cursor = channels.ResponseMetadata?.NextCursor;

                var github = app.GitHub.WithGrant("grant-1");
                var issue = await github.Issues.Create("o", "r", new() { Title = "t" });
                long id = issue.Id;
                var issues = await app.GitHub.Issues.ListForRepo("o", "r", new() { State = "open", PerPage = 2 });
                var all = await app.GitHub.Issues.ListForRepo("o", "r");
                string login = (await app.GitHub.Users.GetAuthenticated()).Login;
                System.Console.WriteLine($"{ok} {ts} {me.UserId} {cursor} {id} {issues.Count} {all.Count} {login}");
            }
        }
        """;

    [Fact]
    public void Catalog_and_a_consumer_compile_with_zero_diagnostics()
    {
        GeneratorRun run = GeneratorHarness.Run([GeneratorHarness.Provider("slack"), GeneratorHarness.Provider("github")], Consumer);

        Assert.Null(run.Result.Results[0].Exception);
        Assert.Empty(run.GeneratorDiagnostics.Select(GeneratorHarness.Describe));
        Assert.Equal(["App.g.cs", "GitHub.g.cs", "Slack.g.cs"], run.HintNames.Order(StringComparer.Ordinal));
        Assert.Empty(run.CompilationDiagnostics.Select(GeneratorHarness.Describe));
    }

    [Fact]
    public void App_alone_compiles_with_zero_diagnostics()
    {
        GeneratorRun run = GeneratorHarness.Run([], "internal static class C { internal static Alter.Typed.App Make() => new(\"k\"); }");

        Assert.Equal(["App.g.cs"], run.HintNames);
        Assert.Empty(run.CompilationDiagnostics.Select(GeneratorHarness.Describe));
    }

    [Fact]
    public void Methods_are_thin_and_call_the_shared_helper()
    {
        GeneratorRun run = GeneratorHarness.Run([GeneratorHarness.Provider("slack"), GeneratorHarness.Provider("github")]);
        string github = run.Source("GitHub.g.cs");

        Assert.DoesNotContain("async ", github, StringComparison.Ordinal);
        Assert.Contains(
            "_client.SendAsync<global::Alter.Typed.GitHub.IssuesListForRepoRequest, global::System.Collections.Generic.IReadOnlyList<global::Alter.Typed.GitHub.Issue>>(global::Alter.Typed.GitHub.GitHubOperationDescriptors.IssuesListForRepo, new global::Alter.Typed.Generated.RequestArguments().Path(\"owner\", owner).Path(\"repo\", repo), request, cancellationToken);",
            github,
            StringComparison.Ordinal);
        Assert.Contains(
            "_client.SendAsync<global::Alter.Typed.GitHub.PrivateUser>(global::Alter.Typed.GitHub.GitHubOperationDescriptors.UsersGetAuthenticated, null, cancellationToken);",
            github,
            StringComparison.Ordinal);
    }

    [Fact]
    public void Multipart_raw_and_non_JSON_operations_compile_and_call_the_shared_helper()
    {
        GeneratorRun run = GeneratorHarness.Run([DescriptionSamples.File(BodyKindSamples.Description)], BodyKindSamples.Consumer);
        string source = run.Source("Demo.g.cs");

        Assert.Empty(run.GeneratorDiagnostics.Select(GeneratorHarness.Describe));
        Assert.Empty(run.CompilationDiagnostics.Select(GeneratorHarness.Describe));
        Assert.DoesNotContain("async ", source, StringComparison.Ordinal);

        // Multipart: the request class writes its parts in schema order; binary properties are files, here only.
        Assert.Contains("new(\"demo\", \"files/upload\", global::System.Net.Http.HttpMethod.Post, \"channels/{channel}/files\", global::Alter.Typed.Generated.BodyKind.Multipart) { Summary = \"Uploads a file.\" };", source, StringComparison.Ordinal);
        Assert.Contains("public sealed partial class FilesUploadRequest : global::Alter.Typed.Generated.IAlterRequest, global::Alter.Typed.Generated.IAlterMultipartRequest", source, StringComparison.Ordinal);
        Assert.Contains("public required global::Alter.Typed.FilePart File { get; init; }", source, StringComparison.Ordinal);
        Assert.Contains("public global::Alter.Typed.FilePart? Thumbnail { get; init; }", source, StringComparison.Ordinal);
        Assert.Contains("public string? Data { get; init; }", source, StringComparison.Ordinal);
        string[] parts =
        [
            "parts.File(\"file\", File);",
            "parts.Field(\"title\", Title);",
            "parts.File(\"thumbnail\", Thumbnail);",
            "parts.Field(\"size_hint\", (long?)SizeHint);",
            "parts.Field(\"weight\", Weight);",
            "parts.Field(\"public\", Public);",
            "parts.Field(\"expires_at\", ExpiresAt?.ToString(\"O\", global::System.Globalization.CultureInfo.InvariantCulture));",
            "parts.Json(\"tags\", Tags);",
            "parts.Json(\"meta\", Meta);",
        ];
        int[] positions = parts.Select(p => source.IndexOf(p, StringComparison.Ordinal)).ToArray();
        Assert.All(positions, p => Assert.True(p > 0));
        Assert.Equal(positions.Order(), positions);

        // Raw: a RawBody body parameter, optional parameters as method parameters.
        Assert.Contains("global::Alter.Typed.Generated.BodyKind.Raw);", source, StringComparison.Ordinal);
        Assert.Contains("public global::System.Threading.Tasks.Task Replace(string id, global::Alter.Typed.RawBody body, string? ifMatch = default, global::System.Threading.CancellationToken cancellationToken = default)", source, StringComparison.Ordinal);
        Assert.Contains("_client.SendNoContentAsync<global::Alter.Typed.RawBody>(", source, StringComparison.Ordinal);

        // Non-JSON answers: text as string, anything else as bytes.
        Assert.Contains("public global::System.Threading.Tasks.Task<string> Render(global::Alter.Typed.RawBody? body = default, global::System.Threading.CancellationToken cancellationToken = default)", source, StringComparison.Ordinal);
        Assert.Contains("public global::System.Threading.Tasks.Task<byte[]> Download(string id, global::System.Threading.CancellationToken cancellationToken = default)", source, StringComparison.Ordinal);
    }

    [Fact]
    public void A_multipart_body_referring_to_a_named_schema_has_file_parts_only_in_its_request_class()
    {
        string description = DescriptionSamples.Valid(
            operations: """
                [{ "id": "uploads/create", "method": "POST", "path": "uploads",
                   "requestBody": { "contentType": "multipart/form-data", "required": true, "schema": { "$ref": "#/schemas/Upload" } },
                   "response": { "schema": { "$ref": "#/schemas/Upload" } } }]
                """,
            schemas: """
                { "Upload": { "type": "object", "required": ["file"], "properties": { "file": { "type": "string", "format": "binary" }, "name": { "type": "string" } } } }
                """);
        GeneratorRun run = GeneratorHarness.Run([DescriptionSamples.File(description)]);
        string source = run.Source("Demo.g.cs");

        Assert.Empty(run.GeneratorDiagnostics.Select(GeneratorHarness.Describe));
        Assert.Empty(run.CompilationDiagnostics.Select(GeneratorHarness.Describe));
        Assert.Contains("public sealed partial class UploadsCreateRequest : global::Alter.Typed.Generated.IAlterMultipartRequest", source, StringComparison.Ordinal);
        Assert.Contains("public required global::Alter.Typed.FilePart File { get; init; }", source, StringComparison.Ordinal);
        Assert.Contains("public string File { get; init; }", source, StringComparison.Ordinal); // the Upload schema's class, read as JSON (answers may omit a required member)
        Assert.Contains("parts.File(\"file\", File);", source, StringComparison.Ordinal);
        Assert.Contains("parts.Field(\"name\", Name);", source, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_auth_field_reaches_the_descriptor_and_compiles()
    {
        string description = DescriptionSamples.Valid(auth: """
            {
              "kind": "oauth2", "authorizationUrl": "https://id.demo.test/authorize", "tokenUrl": "https://id.demo.test/token",
              "revocationUrl": "https://id.demo.test/revoke", "revocationStyle": "clientTokenDelete", "scopeSeparator": " ", "pkce": true,
              "defaultScopes": [], "clientAuthentication": "client_secret_basic", "token": { "in": "query", "name": "access_token" },
              "authorizationParameters": { "access_type": "offline", "prompt": "consent \"now\"" }
            }
            """);
        GeneratorRun run = GeneratorHarness.Run([DescriptionSamples.File(description)]);
        string source = run.Source("Demo.g.cs");

        Assert.Empty(run.GeneratorDiagnostics.Select(GeneratorHarness.Describe));
        Assert.Empty(run.CompilationDiagnostics.Select(GeneratorHarness.Describe));
        Assert.Contains("RevocationStyle = global::Alter.Typed.RevocationStyle.ClientTokenDelete,", source, StringComparison.Ordinal);
        Assert.Contains("ClientAuthentication = global::Alter.Typed.ClientAuthentication.ClientSecretBasic,", source, StringComparison.Ordinal);
        Assert.Contains("DefaultScopes = global::System.Array.Empty<string>(),", source, StringComparison.Ordinal);
        Assert.Contains("Token = new global::Alter.Typed.TokenPlacement(\"query\", \"access_token\", \"\"),", source, StringComparison.Ordinal);
        Assert.Contains("[\"prompt\"] = \"consent \\\"now\\\"\",", source, StringComparison.Ordinal);
    }
}
