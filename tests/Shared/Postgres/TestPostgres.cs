using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;

using Npgsql;

namespace Alter.Tests.Shared.Postgres;

/// <summary>
/// One throwaway PostgreSQL server per test process, started on first use: a fresh cluster in a temp folder, listening
/// only on 127.0.0.1 on a free port, stopped and deleted at process exit. Each test takes a database of its own
/// (<see cref="CreateDatabaseAsync"/>), so test classes run in parallel. With <c>ALTER_TEST_POSTGRES</c> set to an
/// Npgsql connection string, that server is used instead and nothing is started.
/// </summary>
internal static class TestPostgres
{
    /// <summary>The environment variable naming an existing server (an Npgsql connection string with rights to create databases).</summary>
    public const string ServerVariable = "ALTER_TEST_POSTGRES";

    private const string FolderPrefix = "alter-pg-";
    private const string SuperUser = "alter";

    private static readonly Lazy<Task<Server>> s_server = new(StartServerAsync, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Restart, kill and start one at a time: two tests must not interleave pg_ctl on one data folder.</summary>
    private static readonly SemaphoreSlim s_lifecycle = new(1, 1);

    /// <summary>True when the tests use the server named by <c>ALTER_TEST_POSTGRES</c> (not started, not restartable here).</summary>
    public static bool IsExternal => !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(ServerVariable));

    /// <summary>How long the first start took (initdb and pg_ctl start), for the record; zero for an external server.</summary>
    public static async Task<TimeSpan> StartupTimeAsync() => (await s_server.Value).StartupTime;

    /// <summary>The server's superuser connection string (database <c>postgres</c>), starting the server if needed.</summary>
    public static async Task<string> AdminConnectionStringAsync() => (await s_server.Value).Admin;

    /// <summary>The fixture's own cluster; throws for an external server, which is not ours to restart or kill.</summary>
    private static async Task<OwnCluster> OwnAsync(string what) =>
        (await s_server.Value).Cluster
        ?? throw new NotSupportedException($"{what} needs the fixture's own PostgreSQL server; unset {ServerVariable} to run this test.");

    /// <summary>Creates a fresh, uniquely named database and returns its connection string (default pooling).</summary>
    /// <param name="prefix">A readable start for the database's name (letters, digits, underscores); <c>t</c> when null.</param>
    public static async Task<string> CreateDatabaseAsync(string? prefix = null)
    {
        var server = await s_server.Value;
        var clean = new string((prefix ?? "t").ToLowerInvariant().Where(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_').ToArray());
        // PostgreSQL keeps 63 bytes of an identifier: 30 for the prefix, 33 for a suffix unique across tests and runs.
        var name = $"{(clean.Length == 0 ? "t" : clean[..Math.Min(clean.Length, 30)])}_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(NoPooling(server.Admin)))
        {
            await connection.OpenAsync();
            // Our own cluster runs with fsync off, where copying the template's files beats WAL-logging them (PostgreSQL 15's
            // default): measured 24 ms against 55 ms a database. Not on an external server: FILE_COPY checkpoints it.
            var strategy = server.Cluster is not null && connection.PostgreSqlVersion.Major >= 15 ? " STRATEGY = FILE_COPY" : "";
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"{strategy}", connection);
            await create.ExecuteNonQueryAsync();
        }

        if (server.Cluster is null)
        {
            lock (server.Created)
                server.Created.Add(name);
        }

        // Small pools that give idle connections back quickly: every test database has pools of its own (one per process
        // that opens it, the many-process tests' workers included), and their idle connections together would otherwise
        // exceed max_connections ("53300: sorry, too many clients already", seen in a full run).
        return new NpgsqlConnectionStringBuilder(server.Admin) { Database = name, MaxPoolSize = 10, ConnectionIdleLifetime = 5, ConnectionPruningInterval = 1 }.ConnectionString;
    }

    /// <summary>Restarts the fixture's server on the same port (<c>pg_ctl restart -m fast</c>): open connections break.</summary>
    public static async Task RestartAsync()
    {
        var cluster = await OwnAsync("Restarting PostgreSQL");
        await s_lifecycle.WaitAsync();
        try { await cluster.PgCtlAsync("restart", "-m", "fast"); }
        finally { s_lifecycle.Release(); }
    }

    /// <summary>Stops the fixture's server the way a crash does (<c>pg_ctl stop -m immediate</c>: no checkpoint, recovery on start).</summary>
    public static async Task KillAsync()
    {
        var cluster = await OwnAsync("Killing PostgreSQL");
        await s_lifecycle.WaitAsync();
        try { await cluster.PgCtlAsync("stop", "-m", "immediate"); }
        finally { s_lifecycle.Release(); }
    }

    /// <summary>Starts the fixture's server again after <see cref="KillAsync"/>, on the same port; nothing when it runs.</summary>
    public static async Task StartAsync()
    {
        var cluster = await OwnAsync("Starting PostgreSQL");
        await s_lifecycle.WaitAsync();
        try
        {
            if (!cluster.IsRunning)
                await cluster.PgCtlAsync("start");
        }
        finally { s_lifecycle.Release(); }
    }

    private static string NoPooling(string connectionString) =>
        new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString;

    private static async Task<Server> StartServerAsync()
    {
        var external = Environment.GetEnvironmentVariable(ServerVariable);
        if (!string.IsNullOrWhiteSpace(external))
        {
            var server = new Server(new NpgsqlConnectionStringBuilder(external).ConnectionString, null, TimeSpan.Zero);
            AppDomain.CurrentDomain.ProcessExit += (_, _) => DropCreated(server);
            return server;
        }

        var watch = Stopwatch.StartNew();
        var cluster = await OwnCluster.CreateAndStartAsync();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => cluster.StopAndDelete();
        return new Server(cluster.AdminConnectionString, cluster, watch.Elapsed);
    }

    /// <summary>Best effort (vstest may end the process first): an external server is someone else's, so leave it as found.</summary>
    private static void DropCreated(Server server)
    {
        try
        {
            using var connection = new NpgsqlConnection(NoPooling(server.Admin));
            connection.Open();
            foreach (var name in server.Created)
            {
                using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
                drop.ExecuteNonQuery();
            }
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException)
        {
            // The process is ending; an undropped test database is harmless.
        }
    }

    private sealed record Server(string Admin, OwnCluster? Cluster, TimeSpan StartupTime)
    {
        /// <summary>Databases created on an external server, dropped at exit.</summary>
        public List<string> Created { get; } = [];
    }

    /// <summary>A cluster in a temp folder, run by this process (as the <c>postgres</c> user when this process is root).</summary>
    private sealed class OwnCluster
    {
        private readonly string _folder;
        private readonly string _bin;
        private readonly string? _runAs;

        private readonly string _password;

        private OwnCluster(string folder, string bin, string? runAs, string password) =>
            (_folder, _bin, _runAs, _password) = (folder, bin, runAs, password);

        /// <summary>The loopback port, chosen once at the first start and kept across restarts.</summary>
        public int Port { get; private set; }

        public string AdminConnectionString => new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1", Port = Port, Username = SuperUser, Password = _password, Database = "postgres",
        }.ConnectionString;

        private string DataFolder => Path.Combine(_folder, "data");

        /// <summary>The postmaster's pid file names a live process (a crashed server leaves a stale file, which pg_ctl start handles).</summary>
        public bool IsRunning
        {
            get
            {
                var pidFile = Path.Combine(DataFolder, "postmaster.pid");
                return File.Exists(pidFile)
                    && int.TryParse(File.ReadLines(pidFile).FirstOrDefault(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var pid)
                    && IsAlive(pid);
            }
        }

        public static async Task<OwnCluster> CreateAndStartAsync()
        {
            var bin = FindBinaries();
            // initdb refuses to run as root; Debian's postgresql package creates the postgres user.
            var runAs = Environment.IsPrivilegedProcess ? "postgres" : null;
            if (runAs is not null && !File.Exists("/usr/sbin/runuser") && !File.Exists("/sbin/runuser"))
                throw new InvalidOperationException("This test process runs as root, and initdb refuses root: runuser (util-linux) is needed to run it as the postgres user.");

            SweepStaleClusters(bin, runAs);
            var folder = Directory.CreateTempSubdirectory(FolderPrefix).FullName;
            try
            {
                await File.WriteAllTextAsync(Path.Combine(folder, "owner.pid"), Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
                var password = Convert.ToHexString(RandomNumberGenerator.GetBytes(24));
                var passwordFile = Path.Combine(folder, "password");
                await File.WriteAllTextAsync(passwordFile, password + "\n");
                if (runAs is not null)
                {
                    await RunAsync("chown", null, "-R", $"{runAs}:", folder);
                    await RunAsync("chmod", null, "700", folder);
                }

                var cluster = new OwnCluster(folder, bin, runAs, password);
                // Password (SCRAM) over TCP; the unix socket sits in the private temp folder (mode 700).
                await cluster.RunPgAsync("initdb", "-D", cluster.DataFolder, "-U", SuperUser, "--pwfile", passwordFile,
                    "--auth-host=scram-sha-256", "--auth-local=trust", "-E", "UTF8", "--locale=C", "--no-sync");
                File.Delete(passwordFile);
                // The free port can be taken between asking and binding (another test process): try a fresh one.
                for (var attempt = 1; ; attempt++)
                {
                    cluster.Port = FreePort();
                    await cluster.ConfigureAsync();
                    try
                    {
                        await cluster.PgCtlAsync("start");
                        await cluster.StartWatchdogAsync();
                        return cluster;
                    }
                    catch (InvalidOperationException) when (attempt < 3)
                    {
                    }
                }
            }
            catch
            {
                TryDelete(folder);
                throw;
            }
        }

        /// <summary>Settings appended to postgresql.conf (the last one wins), so start and restart need no options.</summary>
        private async Task ConfigureAsync()
        {
            // Appending keeps the file's owner (postgres) when this process is root.
            await File.AppendAllTextAsync(Path.Combine(DataFolder, "postgresql.conf"), $"""

                # A throwaway test cluster (tests/Shared/Postgres/TestPostgres.cs): loopback only, fast over durable.
                # Commits still reach the kernel (synchronous_commit stays on): a killed server keeps every acknowledged row.
                listen_addresses = '127.0.0.1'
                port = {Port}
                unix_socket_directories = '{_folder}'
                fsync = off
                full_page_writes = off
                shared_buffers = 16MB
                max_connections = 300
                logging_collector = off

                """);
        }

        /// <summary>Runs pg_ctl on this cluster, waiting for it to finish (its log goes to server.log in the temp folder).</summary>
        public Task PgCtlAsync(string command, params string[] options) =>
            RunPgAsync("pg_ctl", [command, "-D", DataFolder, "-l", Path.Combine(_folder, "server.log"), "-w", "-t", "60", .. options]);

        private Task RunPgAsync(string tool, params string[] arguments) =>
            _runAs is null
                ? RunAsync(Path.Combine(_bin, tool), _folder, arguments)
                : RunAsync("runuser", _folder, ["-u", _runAs, "--", Path.Combine(_bin, tool), .. arguments]);

        /// <summary>
        /// The exit handler alone is not enough: vstest ends its test host without waiting for ProcessExit handlers
        /// (microsoft/vstest#1900), and a timeout kills it outright. So a detached shell (its own session, outside the test
        /// host's process tree) waits for this process to go, then stops the server and deletes the folder.
        /// </summary>
        private Task StartWatchdogAsync()
        {
            const string Script = """
                exec </dev/null >/dev/null 2>&1
                while kill -0 "$1"; do sleep 0.5; done
                if [ -n "$5" ]; then runuser -u "$5" -- "$2/pg_ctl" stop -D "$3" -m immediate -w; else "$2/pg_ctl" stop -D "$3" -m immediate -w; fi
                rm -rf "$4"
                """;
            var owner = Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return RunAsync("setsid", null, "-f", "sh", "-c", Script, "alter-pg-watchdog", owner, _bin, DataFolder, _folder, _runAs ?? "");
        }

        /// <summary>At process exit: an immediate stop (nothing here is worth a checkpoint), then the folder goes.</summary>
        public void StopAndDelete()
        {
            try { PgCtlAsync("stop", "-m", "immediate").GetAwaiter().GetResult(); }
            catch (InvalidOperationException) { /* already stopped (a test killed it), or the log says why */ }

            TryDelete(_folder);
        }

        /// <summary>Clusters left by test processes that died without their exit handler (killed by a timeout, say).</summary>
        private static void SweepStaleClusters(string bin, string? runAs)
        {
            foreach (var folder in Directory.EnumerateDirectories(Path.GetTempPath(), FolderPrefix + "*"))
            {
                try
                {
                    var owner = int.Parse(File.ReadAllText(Path.Combine(folder, "owner.pid")), System.Globalization.CultureInfo.InvariantCulture);
                    if (IsAlive(owner))
                        continue;
                    if (File.Exists(Path.Combine(folder, "data", "postmaster.pid")))
                        new OwnCluster(folder, bin, runAs, "").PgCtlAsync("stop", "-m", "immediate").GetAwaiter().GetResult();
                    TryDelete(folder);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or InvalidOperationException)
                {
                    // Someone else's, or half made: leave it.
                }
            }
        }

        private static bool IsAlive(int pid)
        {
            try
            {
                using var process = Process.GetProcessById(pid);
                return !process.HasExited;
            }
            catch (ArgumentException)
            {
                return false;
            }
        }

        private static void TryDelete(string folder)
        {
            try { Directory.Delete(folder, recursive: true); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { /* the watchdog or the temp folder's cleaner gets it */ }
        }

        /// <summary>A port the kernel just handed out on loopback; the server binds it a moment later.</summary>
        private static int FreePort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        /// <summary>The highest /usr/lib/postgresql/N/bin (Debian's layout), else initdb and pg_ctl on PATH.</summary>
        private static string FindBinaries()
        {
            static bool HasTools(string dir) => File.Exists(Path.Combine(dir, "initdb")) && File.Exists(Path.Combine(dir, "pg_ctl"));

            if (Directory.Exists("/usr/lib/postgresql"))
            {
                var debian = Directory.EnumerateDirectories("/usr/lib/postgresql")
                    .Select(dir => (Version: int.TryParse(Path.GetFileName(dir), out var v) ? v : -1, Bin: Path.Combine(dir, "bin")))
                    .Where(x => x.Version >= 0 && HasTools(x.Bin))
                    .OrderByDescending(x => x.Version)
                    .Select(x => x.Bin)
                    .FirstOrDefault();
                if (debian is not null)
                    return debian;
            }

            foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
            {
                if (HasTools(dir))
                    return Path.GetDirectoryName(Path.GetFullPath(new FileInfo(Path.Combine(dir, "initdb")).ResolveLinkTarget(true)?.FullName ?? Path.Combine(dir, "initdb")))!;
            }

            throw new InvalidOperationException(
                "The PostgreSQL tests need a PostgreSQL server: install Debian's `postgresql` package (`apt-get install -y postgresql`; .ci/run does it), "
                + $"which puts initdb and pg_ctl under /usr/lib/postgresql/<version>/bin, or set {ServerVariable} to an Npgsql connection string.");
        }

        /// <summary>Runs a tool to its end; a non-zero exit throws with its output (and the server log's tail, which says why a start failed).</summary>
        private static async Task RunAsync(string file, string? workingDirectory, params string[] arguments)
        {
            var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var argument in arguments)
                start.ArgumentList.Add(argument);
            if (workingDirectory is not null)
                start.WorkingDirectory = workingDirectory;
            start.Environment["LC_ALL"] = "C";

            using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {file}.");
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new InvalidOperationException($"`{file} {string.Join(' ', arguments)}` did not finish within 120 s.");
            }

            if (process.ExitCode != 0)
            {
                var log = workingDirectory is null ? null : Path.Combine(workingDirectory, "server.log");
                var tail = log is not null && File.Exists(log) ? string.Join('\n', File.ReadLines(log).TakeLast(20)) : "";
                throw new InvalidOperationException(
                    $"`{file} {string.Join(' ', arguments)}` exited with {process.ExitCode}:\n{await output}{await error}\n{tail}".TrimEnd());
            }
        }
    }
}
