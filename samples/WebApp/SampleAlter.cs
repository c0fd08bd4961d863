using Alter.Sandbox;
using Alter.Typed;

namespace WebApp;

/// <summary>The sample's Alter app: a store of its own under <c>$ALTER_HOME</c> (default <c>~/.alter</c>), an app <c>webapp</c> and a fresh API key.</summary>
internal sealed record SampleAlter(string ApiKey, Action<AlterOptions> Configure)
{
    public static SampleAlter Create(SandboxServer sandbox)
    {
        var home = Environment.GetEnvironmentVariable("ALTER_HOME") is { Length: > 0 } h ? h
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".alter");
        void Configure(AlterOptions options)
        {
            // The sandbox's grants stay out of your real store; Slack's endpoints and client are the sandbox's.
            options.DatabasePath = Path.Combine(home, "webapp-sandbox.db");
            var slack = sandbox.Provider("slack");
            options.Providers["slack"] = new ProviderSettings
            {
                ClientId = slack.ClientId, ClientSecret = slack.ClientSecret,
                AuthorizationUrl = slack.AuthorizationUrl, TokenUrl = slack.TokenUrl, RevocationUrl = slack.RevocationUrl,
                ApiBaseUrl = slack.ApiBaseUrl, AllowedHosts = [slack.Authority],
            };
        }
        var options = new AlterOptions();
        Configure(options);
        // The key is stored hashed and shown nowhere: a new one each start is simplest for a sample.
        var admin = AlterAdmin.Open(options);
        var info = admin.GetOrCreateApp("webapp");
        return new SampleAlter(admin.MintKey(info.Id).ApiKey, Configure);
    }
}
