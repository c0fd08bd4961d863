using System.Diagnostics;
using System.Text;

namespace Alter.Typed.PackageTests;

/// <summary>The repository's files, and the <c>dotnet</c> CLI run as a child process.</summary>
internal static class Repo
{
    public static string Root => Alter.Tests.Shared.Repository.Root;

    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    /// <summary>The README's quickstart block: the C# between <c>&lt;!-- quickstart:begin --&gt;</c> and <c>&lt;!-- quickstart:end --&gt;</c>.</summary>
    public static string ReadmeQuickstart() => ReadmeBlock("quickstart", "csharp");

    /// <summary>A fenced block of the README between <c>&lt;!-- name:begin --&gt;</c> and <c>&lt;!-- name:end --&gt;</c>.</summary>
    public static string ReadmeBlock(string name, string language)
    {
        var readme = File.ReadAllText(PathOf("README.md")).ReplaceLineEndings("\n");
        string begin = $"<!-- {name}:begin -->\n```{language}\n", end = $"```\n<!-- {name}:end -->";
        var start = readme.IndexOf(begin, StringComparison.Ordinal);
        Assert.True(start >= 0, $"README.md has no {name} block (<!-- {name}:begin --> then ```{language})");
        start += begin.Length;
        var stop = readme.IndexOf(end, start, StringComparison.Ordinal);
        Assert.True(stop > start, $"README.md's {name} block is not closed by ``` and <!-- {name}:end -->");
        return readme[start..stop];
    }

    /// <summary>
    /// Runs <c>dotnet</c> with the given arguments and returns its output, failing the test (with the output) on a non-zero
    /// exit. Build servers and node reuse are off, so no child process outlives the call or holds its output pipe.
    /// </summary>
    public static async Task<string> Dotnet(string workingDirectory, IReadOnlyDictionary<string, string?>? environment, TimeSpan timeout, params string[] arguments)
    {
        var (exitCode, text) = await Run(workingDirectory, environment, timeout, arguments);
        Assert.True(exitCode == 0, $"`dotnet {string.Join(' ', arguments)}` exited with {exitCode} in {workingDirectory}:\n{text}");
        return text;
    }

    /// <summary>Runs <c>dotnet</c> like <see cref="Dotnet"/>, and returns its exit code and output whatever the exit code.</summary>
    public static async Task<(int ExitCode, string Output)> Run(string workingDirectory, IReadOnlyDictionary<string, string?>? environment, TimeSpan timeout, params string[] arguments)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);

        // The test host runs under `dotnet test`: drop what MSBuild told it about the outer build.
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase) || k.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase)).ToList())
            start.Environment.Remove(name);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        start.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["UseSharedCompilation"] = "false";
        foreach (var name in new[] { "ALTER_API_KEY", "ALTER_SLACK_CLIENT_ID", "ALTER_SLACK_CLIENT_SECRET", "ALTER_GITHUB_CLIENT_ID", "ALTER_GITHUB_CLIENT_SECRET", "ALTER_VAULT_KEY" })
            start.Environment.Remove(name);
        if (environment is not null)
            foreach (var (name, value) in environment)
                if (value is null) start.Environment.Remove(name); else start.Environment[name] = value;

        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        process.StandardInput.Close();
        var output = new StringBuilder();
        var stdout = Pump(process.StandardOutput, output);
        var stderr = Pump(process.StandardError, output);
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"`dotnet {string.Join(' ', arguments)}` took more than {timeout.TotalSeconds:0} s in {workingDirectory}:\n{output}");
        }

        // A grandchild that kept the pipes open would hold these forever; the exit code is what counts.
        await Task.WhenAny(Task.WhenAll(stdout, stderr), Task.Delay(TimeSpan.FromSeconds(10)));
        string text;
        lock (output) text = output.ToString();
        return (process.ExitCode, text);
    }

    private static async Task Pump(StreamReader reader, StringBuilder sink)
    {
        while (await reader.ReadLineAsync() is { } line)
            lock (sink) sink.AppendLine(line);
    }
}
