using Microsoft.Extensions.Hosting;

namespace Alter.Sandbox;

/// <summary>
/// A host lifetime that ignores Ctrl+C and SIGTERM: the sandbox lives inside a test or sample process and must not
/// swallow that process's shutdown signals (the default console lifetime would). It stops when disposed.
/// </summary>
internal sealed class SandboxHostLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
