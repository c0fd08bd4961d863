using System.CommandLine;
using Alter.Load;

// The load tool (README.md). Coordinator mode (no subcommand) sets up and judges a run; `worker` is one of its processes.
var store = new Option<string>("--store") { Description = "The store: sqlite (a temp file) or postgres (--connection).", DefaultValueFactory = _ => "sqlite", HelpName = "sqlite|postgres" };
store.AcceptOnlyFromAmong("sqlite", "postgres");
var connection = new Option<string?>("--connection") { Description = "The Npgsql connection string (postgres); for sqlite, a file to use instead of a temp one.", HelpName = "connection string" };
var processes = new Option<int>("--processes") { Description = "Worker processes.", DefaultValueFactory = _ => 1, HelpName = "n" };
var calls = new Option<int>("--calls") { Description = "Calls per process, in total.", DefaultValueFactory = _ => 1000, HelpName = "n" };
var concurrency = new Option<int>("--concurrency") { Description = "Calls in flight per process.", DefaultValueFactory = _ => 100, HelpName = "n" };
var duration = new Option<int>("--duration") { Description = "Stop starting calls after this many seconds.", DefaultValueFactory = _ => 60, HelpName = "seconds" };
var callTimeout = new Option<int>("--call-timeout") { Description = "Each call's timeout.", DefaultValueFactory = _ => 30, HelpName = "seconds" };
var operation = new Option<string>("--operation") { Description = "The Slack call.", DefaultValueFactory = _ => "chat.postMessage", HelpName = "chat.postMessage|auth.test" };
operation.AcceptOnlyFromAmong("chat.postMessage", "auth.test");
var expireFirst = new Option<bool>("--expire-first") { Description = "Expire the grant's access token at the sandbox before the run: every process races to refresh it." };
var tokenLifetime = new Option<int>("--token-lifetime") { Description = "The sandbox's access token lifetime (the runtime refreshes 60 s before expiry).", DefaultValueFactory = _ => 90, HelpName = "seconds" };

var root = new RootCommand("Alter.Load: N processes x M calls against the sandbox on one grant, on SQLite or PostgreSQL; prints calls/s, p50, p99, token requests, errors, audit rows.")
{
    store, connection, processes, calls, concurrency, duration, callTimeout, operation, expireFirst, tokenLifetime,
};
root.SetAction((parse, cancellationToken) =>
{
    var settings = new CoordinatorSettings(
        Store(parse.GetValue(store)!), parse.GetValue(connection), Positive(parse.GetValue(processes), "--processes"), Positive(parse.GetValue(calls), "--calls"),
        Positive(parse.GetValue(concurrency), "--concurrency"), Seconds(parse.GetValue(duration), "--duration"), Seconds(parse.GetValue(callTimeout), "--call-timeout"),
        Operations.Parse(parse.GetValue(operation)!), parse.GetValue(expireFirst), Seconds(parse.GetValue(tokenLifetime), "--token-lifetime"));
    return Coordinator.RunAsync(settings, cancellationToken);
});

var grant = new Option<string>("--grant") { Description = "The grant id.", Required = true };
var apiBaseUrl = new Option<string>("--api-base-url") { Description = "The sandbox's Slack API base URL.", Required = true };
var tokenUrl = new Option<string>("--token-url") { Description = "The sandbox's Slack token URL.", Required = true };
var clientId = new Option<string>("--client-id") { Description = "The sandbox's Slack client id (the secret: ALTER_LOAD_CLIENT_SECRET).", Required = true };
var index = new Option<int>("--index") { Description = "This worker's number, echoed in its summary." };
var hang = new Option<bool>("--hang-token-requests") { Description = "Test hook: print REFRESHING and hold every token request (the kill test's holder of the refresh lease)." };
var waitForGo = new Option<bool>("--wait-for-go") { Description = "Print READY once the app is open and wait for a line on stdin before calling (processes start together)." };
var worker = new Command("worker", "One worker process (the coordinator starts these): makes its calls and prints one SUMMARY line. Secrets: ALTER_API_KEY, ALTER_VAULT_KEY, ALTER_LOAD_CLIENT_SECRET.")
{
    store, connection, grant, apiBaseUrl, tokenUrl, clientId, operation, calls, concurrency, duration, callTimeout, index, hang, waitForGo,
};
worker.SetAction((parse, cancellationToken) => Worker.RunAsync(new WorkerSettings
{
    Store = Store(parse.GetValue(store)!),
    Connection = parse.GetValue(connection) ?? Environment.GetEnvironmentVariable(WorkerSettings.ConnectionVariable)
        ?? throw new ArgumentException("worker needs --connection or " + WorkerSettings.ConnectionVariable),
    GrantId = parse.GetValue(grant)!, ApiBaseUrl = parse.GetValue(apiBaseUrl)!, TokenUrl = parse.GetValue(tokenUrl)!, ClientId = parse.GetValue(clientId)!,
    Operation = Operations.Parse(parse.GetValue(operation)!), Calls = Positive(parse.GetValue(calls), "--calls"),
    Concurrency = Positive(parse.GetValue(concurrency), "--concurrency"), Duration = Seconds(parse.GetValue(duration), "--duration"),
    CallTimeout = Seconds(parse.GetValue(callTimeout), "--call-timeout"), Index = parse.GetValue(index), HangTokenRequests = parse.GetValue(hang), WaitForGo = parse.GetValue(waitForGo),
}, cancellationToken));
root.Subcommands.Add(worker);

return await root.Parse(args).InvokeAsync();

static StoreKind Store(string name) => name == "postgres" ? StoreKind.Postgres : StoreKind.Sqlite;
static int Positive(int n, string option) => n > 0 ? n : throw new ArgumentException($"{option} must be at least 1");
static TimeSpan Seconds(int n, string option) => TimeSpan.FromSeconds(Positive(n, option));
