using System.Globalization;
using Alter.Typed;

// Usage: Alter.Typed.AuditChild <database> <api key> <grant id> <slack api base url> <allowed host> <durable|buffered>
// The vault key comes from ALTER_VAULT_KEY. Calls chat.postMessage in a loop and prints "returned <n>" after each call
// returned, so the parent knows which calls the app reported as done when it kills this process.
if (args is not [var database, var apiKey, var grantId, var apiBaseUrl, var allowedHost, var mode])
{
    Console.Error.WriteLine("usage: Alter.Typed.AuditChild <database> <api key> <grant id> <slack api base url> <allowed host> <durable|buffered>");
    return 2;
}

var options = new AlterOptions
{
    DatabasePath = database,
    AuditMode = mode == "buffered" ? AuditMode.Buffered : AuditMode.Durable,
    // Buffered: an hour between writes, so the control run shows what a kill loses without durable audit.
    AuditFlushInterval = TimeSpan.FromHours(1),
    Providers = { ["slack"] = new ProviderSettings { ApiBaseUrl = apiBaseUrl, AllowedHosts = [allowedHost] } },
};
await using var app = new App(apiKey, options);
var slack = app.Slack.WithGrant(grantId);
for (var n = 1; n <= 100_000; n++)
{
    await slack.Chat.PostMessage(new() { Channel = "#general", Text = "call " + n.ToString(CultureInfo.InvariantCulture) });
    Console.WriteLine("returned " + n.ToString(CultureInfo.InvariantCulture));
}
// Not reached in the test (it kills the process long before); wait rather than dispose, which would flush the audit.
await Task.Delay(Timeout.Infinite);
return 0;
