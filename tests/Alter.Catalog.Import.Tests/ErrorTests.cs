using System.CommandLine;
using Alter.Cli;
using Xunit;

namespace Alter.Catalog.Import.Tests;

/// <summary>
/// Acceptance 5: a malformed or unsupported input gives a clear error (file, JSON pointer, what is wrong) and a
/// non-zero exit code from <c>alter catalog import</c>, and nothing is written.
/// </summary>
public sealed class ErrorTests : IDisposable
{
    private readonly string _out = Path.Combine(Path.GetTempPath(), "alter-import-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_out))
        {
            Directory.Delete(_out, recursive: true);
        }
    }

    private async Task<(int ExitCode, string Output, string Error, string OutFile)> Alter(params string[] args)
    {
        string outFile = Path.Combine(_out, "demo.provider.json");
        var output = new StringWriter();
        var error = new StringWriter();
        int exitCode = await Program.CreateRootCommand()
            .Parse([.. args, "--out", outFile])
            .InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
        return (exitCode, output.ToString(), error.ToString(), outFile);
    }

    [Theory]
    [InlineData("bad/syntax.json", "bad/syntax.json(5,3): error at #: JSON syntax error: '\"' is invalid after a value. Expected either ',', '}', or ']'.")]
    [InlineData("bad/syntax.yaml", "bad/syntax.yaml(4,11): error at #: YAML syntax error: While scanning a plain scalar value, found invalid mapping.")]
    [InlineData("bad/missing-ref.json", "bad/missing-ref.json: error at #/paths/~1a/get/responses/200/content/application~1json/schema/$ref: '#/components/schemas/Nope' does not resolve: this file has nothing at '/components'")]
    [InlineData("bad/missing-file.yaml", "bad/missing-file.yaml: error at #/paths/~1a/get/responses/200/$ref: the referenced file '")]
    [InlineData("bad/swagger12.json", "bad/swagger12.json: error at #/swagger: unsupported Swagger version '1.2'; the import reads 2.0, 3.0 and 3.1")]
    [InlineData("bad/discovery.json", "bad/discovery.json: error at #: 'rootUrl' is missing")]
    [InlineData("bad/discovery-no-path.json", "bad/discovery-no-path.json: error at #/resources/things/methods/list: 'path' is missing")]
    [InlineData("bad/discovery-bad-ref.json", "bad/discovery-bad-ref.json: error at #/schemas/Thing/properties/owner/$ref: 'Owner' does not resolve: the document has no schema with that id under /schemas")]
    [InlineData("bad/paths-array.json", "bad/paths-array.json: error at #/paths: 'paths' must be an object of path items")]
    [InlineData("bad/no-server.json", "bad/no-server.json: error at #/servers: no absolute http(s) base URL")]
    [InlineData("does-not-exist.yaml", "does-not-exist.yaml: error at #: the file does not exist")]
    public async Task A_bad_input_is_an_error_with_file_pointer_and_reason_and_nothing_is_written(string fixture, string expected)
    {
        var (exitCode, _, error, outFile) = await Alter("catalog", "import", Harness.Fixture(fixture), "--id", "demo");

        Assert.Equal(1, exitCode);
        Assert.Contains(Path.TrimEndingDirectorySeparator(Harness.Fixture(string.Empty)) + "/" + expected, error.Replace("\\", "/", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("Nothing was written.", error, StringComparison.Ordinal);
        Assert.False(File.Exists(outFile));
        Assert.False(Directory.Exists(_out) && Directory.EnumerateFileSystemEntries(_out).Any());
    }

    [Fact]
    public async Task A_bad_id_or_a_glob_that_matches_nothing_is_an_error()
    {
        var (badId, _, error, outFile) = await Alter("catalog", "import", Harness.Fixture("constructs-3.0.yaml"), "--id", "Bad Id");
        Assert.Equal(1, badId);
        Assert.Contains("'Bad Id' is not a provider id", error, StringComparison.Ordinal);

        var (noMatch, _, error2, _) = await Alter("catalog", "import", Harness.Fixture("constructs-3.0.yaml"), "--id", "demo", "--include", "nothing/*");
        Assert.Equal(1, noMatch);
        Assert.Contains("error at #/paths: no operation matches the include globs 'nothing/*'", error2, StringComparison.Ordinal);
        Assert.False(File.Exists(outFile));
    }

    [Fact]
    public async Task A_missing_required_option_is_a_usage_error()
    {
        var error = new StringWriter();
        int exitCode = await Program.CreateRootCommand().Parse(["catalog", "import", "spec.json"]).InvokeAsync(new InvocationConfiguration { Output = new StringWriter(), Error = error });

        Assert.NotEqual(0, exitCode);
        Assert.Contains("--id", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_good_input_is_written_with_its_warnings_and_exit_code_0()
    {
        var (exitCode, output, error, outFile) = await Alter("catalog", "import", Harness.Fixture("constructs-3.0.yaml"), "--id", "demo", "--include", "items/*", "--include", "ping");

        Assert.Equal(0, exitCode);
        Assert.Contains("Wrote " + outFile + ": 6 operations, 3 warnings.", output, StringComparison.Ordinal);
        Assert.Contains("warning at #/paths/~1items~1{item_id}/get/parameters/3: the cookie parameter 'session'", error, StringComparison.Ordinal);
        Assert.True(File.Exists(outFile));
        Assert.Equal(["demo.provider.json"], Directory.EnumerateFiles(_out).Select(Path.GetFileName));
    }
}
