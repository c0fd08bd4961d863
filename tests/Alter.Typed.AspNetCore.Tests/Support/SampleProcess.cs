using System.Diagnostics;
using System.Net;
using System.Text;

namespace Alter.Typed.AspNetCore.Tests.Support;

/// <summary>
/// samples/WebApp started as its README says (<c>dotnet run --project samples/WebApp</c>), on a free port
/// (<c>WEBAPP_PORT</c>) and with a store of its own (<c>ALTER_HOME</c>). Disposing kills its process tree.
/// </summary>
internal sealed class SampleProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output;
    private readonly string _home;

    private SampleProcess(Process process, StringBuilder output, Uri baseUri, string home) => (_process, _output, BaseUri, _home) = (process, output, baseUri, home);

    public Uri BaseUri { get; }

    public string Output { get { lock (_output) return _output.ToString(); } }

    public static async Task<SampleProcess> StartAsync(TimeSpan timeout)
    {
        var root = Alter.Tests.Shared.Repository.Root;
        var port = LoopbackPorts.Free();
        var home = Path.Combine(Path.GetTempPath(), "alter-webapp-sample-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(home);
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet")
        {
            WorkingDirectory = root, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false,
        };
        foreach (var argument in new[] { "run", "--project", "samples/WebApp" }) start.ArgumentList.Add(argument);
        // The test host runs under `dotnet test`: drop what MSBuild told it about the outer build; no build servers left behind.
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase) || k.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase)).ToList())
            start.Environment.Remove(name);
        foreach (var name in new[] { "ALTER_API_KEY", "ALTER_SLACK_CLIENT_ID", "ALTER_SLACK_CLIENT_SECRET", "ALTER_VAULT_KEY", "ASPNETCORE_URLS", "ASPNETCORE_ENVIRONMENT" })
            start.Environment.Remove(name);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["UseSharedCompilation"] = "false";
        start.Environment["WEBAPP_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["ALTER_HOME"] = home;

        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        process.StandardInput.Close();
        var output = new StringBuilder();
        _ = Pump(process.StandardOutput, output);
        _ = Pump(process.StandardError, output);
        var sample = new SampleProcess(process, output, new Uri($"http://127.0.0.1:{port}/"), home);
        try
        {
            // Up when its page answers (`dotnet run` builds first if anything changed).
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            var deadline = DateTime.UtcNow + timeout;
            while (true)
            {
                if (process.HasExited) Assert.Fail($"samples/WebApp exited with {process.ExitCode}:\n{sample.Output}");
                try
                {
                    using var response = await http.GetAsync(sample.BaseUri);
                    if (response.StatusCode == HttpStatusCode.OK) return sample;
                }
                catch (HttpRequestException) { }
                catch (TaskCanceledException) { }
                if (DateTime.UtcNow > deadline) Assert.Fail($"samples/WebApp did not answer on {sample.BaseUri} within {timeout.TotalSeconds:0} s:\n{sample.Output}");
                await Task.Delay(500);
            }
        }
        catch
        {
            await sample.DisposeAsync();
            throw;
        }
    }

    private static async Task Pump(StreamReader reader, StringBuilder sink)
    {
        while (await reader.ReadLineAsync() is { } line)
            lock (sink) sink.AppendLine(line);
    }


    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
        try { Directory.Delete(_home, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
