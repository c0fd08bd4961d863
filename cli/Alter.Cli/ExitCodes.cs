namespace Alter.Cli;

/// <summary>
/// The exit codes of <c>alter</c>. They are stable: scripts may branch on them. Every non-zero exit writes exactly one
/// line, <c>alter: &lt;message&gt;</c>, to standard error (plus a stack trace only with <c>--verbose</c>).
/// </summary>
public static class ExitCodes
{
    /// <summary>Success.</summary>
    public const int Ok = 0;

    /// <summary>
    /// Usage or bad input: an unknown command or option, a missing argument, a malformed value (<c>--since</c>, a JSON
    /// body), a name already taken, a URL outside the grant's provider. Nothing was changed and nothing was sent.
    /// </summary>
    public const int BadInput = 1;

    /// <summary>Not found: no such app, provider, grant or key.</summary>
    public const int NotFound = 2;

    /// <summary>The API key was refused: missing, malformed, unknown to this store, or revoked.</summary>
    public const int KeyRefused = 3;

    /// <summary>The provider or the network failed: a non-2xx answer, an unreachable host, a token endpoint down.</summary>
    public const int ProviderError = 4;

    /// <summary>Connect failed: the OAuth flow was refused, timed out, or the provider is not set up for it. Nothing was stored.</summary>
    public const int ConnectFailed = 5;

    /// <summary>The grant needs re-authorization (expired or revoked at the provider): run <c>alter connect</c> again.</summary>
    public const int ReauthRequired = 6;

    /// <summary>
    /// <c>alter audit verify</c> found the audit chain broken: a row edited, deleted, reordered or inserted, the newest
    /// rows truncated, a checkpoint or the head forged, or another vault key. The line names the first broken row.
    /// </summary>
    public const int AuditBroken = 7;

    /// <summary>An unexpected failure inside the tool (a bug): run again with <c>--verbose</c> and report the trace.</summary>
    public const int InternalError = 70;

    /// <summary>Cancelled (Ctrl+C).</summary>
    public const int Cancelled = 130;
}

/// <summary>An error the tool reports as one line with a chosen exit code.</summary>
/// <param name="exitCode">One of <see cref="ExitCodes"/>.</param>
/// <param name="message">The line to show (without the <c>alter: </c> prefix).</param>
public sealed class CliException(int exitCode, string message) : Exception(message)
{
    /// <summary>The exit code to return.</summary>
    public int ExitCode { get; } = exitCode;
}
