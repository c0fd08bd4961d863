using Alter.Sandbox.OAuth;

namespace Alter.Sandbox;

/// <summary>Everything the endpoints of one running sandbox share.</summary>
internal sealed class SandboxContext
{
    private Uri? _baseUri;
    private SandboxProvider? _slack;
    private SandboxProvider? _gitHub;

    public SandboxContext(SandboxOptions options)
    {
        Time = options.TimeProvider;
        UseRefreshTokens = options.UseRefreshTokens;
        RotateRefreshTokens = options.RotateRefreshTokens;
        AccessTokenLifetime = options.AccessTokenLifetime;
        State = new SandboxState(new TokenStore(Time) { RevokeOnReuse = options.RevokeOnRefreshTokenReuse });
    }

    public TimeProvider Time { get; }
    public bool UseRefreshTokens { get; }
    public bool RotateRefreshTokens { get; }
    public TimeSpan AccessTokenLifetime { get; }
    public SandboxState State { get; }
    public TokenStore Tokens => State.Tokens;

    public Uri BaseUri => _baseUri ?? throw NotStarted();
    public SandboxProvider Slack => _slack ?? throw NotStarted();
    public SandboxProvider GitHub => _gitHub ?? throw NotStarted();

    /// <summary>Called once Kestrel has bound its port: the endpoint URLs depend on it.</summary>
    public void OnStarted(Uri baseUri)
    {
        _baseUri = baseUri;
        _slack = SandboxProviders.CreateSlack(baseUri);
        _gitHub = SandboxProviders.CreateGitHub(baseUri);
    }

    private static InvalidOperationException NotStarted() => new("The sandbox has not started yet.");
}
