// AlterTyped quickstart: create an app, mint its key, connect Slack, post a message through the
// typed client, and read the audit row of that call. Runs offline against the local provider sandbox;
// set ALTER_SLACK_CLIENT_ID and ALTER_SLACK_CLIENT_SECRET to use a real Slack app instead.
using Alter.Sandbox;
using Alter.Typed;

var realSlack = Environment.GetEnvironmentVariable("ALTER_SLACK_CLIENT_ID") is { Length: > 0 }
             && Environment.GetEnvironmentVariable("ALTER_SLACK_CLIENT_SECRET") is { Length: > 0 };
var options = new AlterOptions();
await using var sandbox = realSlack ? null : await SandboxServer.StartAsync();
if (sandbox is not null)
{
    // The sandbox speaks Slack's OAuth and Web API on 127.0.0.1; keep its grants out of your real store.
    var home = Environment.GetEnvironmentVariable("ALTER_HOME") is { Length: > 0 } h ? h
        : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".alter");
    options.DatabasePath = Path.Combine(home, "quickstart-sandbox.db");
    options.OpenBrowser = SandboxBrowser.OpenAsync;   // the sandbox consents at once; a person's browser is not needed
    foreach (var p in sandbox.Providers)
        options.Providers[p.Id] = new ProviderSettings
        {
            ClientId = p.ClientId, ClientSecret = p.ClientSecret,
            AuthorizationUrl = p.AuthorizationUrl, TokenUrl = p.TokenUrl, RevocationUrl = p.RevocationUrl,
            ApiBaseUrl = p.ApiBaseUrl, AllowedHosts = [p.Authority],
        };
    Console.WriteLine($"Sandbox: Slack emulated at {sandbox.BaseUri}");
}

// 1-2. Create an app and mint its API key (stored hashed; the key is shown once).
var admin = AlterAdmin.Open(options);
var appInfo = admin.GetOrCreateApp("quickstart");
var apiKey = Environment.GetEnvironmentVariable("ALTER_API_KEY");
if (string.IsNullOrEmpty(apiKey))
{
    var minted = admin.MintKey(appInfo.Id);
    apiKey = minted.ApiKey;
    Console.WriteLine($"App {appInfo.Name} ({appInfo.Id}): minted API key {minted.Info.Id} (save it as ALTER_API_KEY; it is not shown again):");
    Console.WriteLine($"  {apiKey}");
}

// 3. Open the app. App is generated at compile time from providers/*.provider.json.
await using var app = new App(apiKey, options);

// 4. Connect Slack: OAuth in the browser (authorization code + state, loopback redirect).
var results = await app.Connect(providers: ["slack"]);
var grantId = results[0].GrantId;
Console.WriteLine($"Connected Slack: grant {grantId} (account {results[0].Account ?? "-"})");

// 5. Post a message through the typed client. The token never reaches this code.
var slack = app.Slack.WithGrant(grantId);
var sent = await slack.Chat.PostMessage(new() { Channel = "#general", Text = "Hello from Alter." });
Console.WriteLine($"Slack answered: ok: {sent.Ok.ToString().ToLowerInvariant()}, channel: {sent.Channel}, ts: {sent.Ts}");

// 6. See the audit row of that call.
var row = (await app.Audit(new AuditQuery { GrantId = grantId })).First(r => r.Operation == "chat.postMessage");
Console.WriteLine("Audit row:");
Console.WriteLine($"  at:        {row.At:O}");
Console.WriteLine($"  caller:    {row.Caller}");
Console.WriteLine($"  principal: {row.Principal}");
Console.WriteLine($"  provider:  {row.Provider}");
Console.WriteLine($"  operation: {row.Operation}");
Console.WriteLine($"  status:    {row.Status} ({row.Outcome})");
Console.WriteLine($"  latency:   {row.LatencyMs:0.0} ms");
return sent.Ok ? 0 : 1;
