using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Timbre.Testing;

/// <summary>
/// A throw-away PostgreSQL server for tests (an xunit collection fixture): <c>initdb</c> into a temp folder, then
/// <c>postgres</c> on a free loopback port with its unix socket in that folder; <see cref="CreateDatabase"/> hands
/// each test an empty database; <see cref="Dispose"/> stops the server and deletes the folder (also when tests
/// failed; and at process exit if the fixture was never disposed). As root (CI containers) the server runs as user
/// <c>nobody</c> through <c>runuser</c>, since PostgreSQL refuses to run as root. The binaries come from
/// <c>TIMBRE_PG_BIN</c>, else the newest <c>/usr/lib/postgresql/N/bin</c> (Debian package <c>postgresql</c>,
/// installed by <c>scripts/setup.sh</c>), else <c>PATH</c>; when none is found the fixture fails saying so.
/// </summary>
public sealed class PostgresServer : IDisposable
{
    private const string Superuser = "timbre";
    private readonly string _root;
    private readonly string _data;
    private readonly string _bin;
    private readonly bool _asNobody;
    private int _databases;
    private bool _stopped;

    /// <summary>Creates the cluster and starts the server (a few seconds).</summary>
    /// <exception cref="InvalidOperationException">No PostgreSQL server binaries, or the server did not start (its log is in the message).</exception>
    public PostgresServer()
    {
        _bin = FindBinaries();
        _asNobody = Environment.UserName == "root" || Environment.GetEnvironmentVariable("USER") == "root" || IsRoot();
        // As root, /tmp rather than TMPDIR: user nobody must be able to reach the folder.
        var temp = _asNobody && Directory.Exists("/tmp") ? "/tmp" : Path.GetTempPath();
        _root = Path.Combine(temp, "timbre-pg-" + Guid.NewGuid().ToString("N")[..12]);
        _data = Path.Combine(_root, "data");
        Directory.CreateDirectory(_root);
        if (_asNobody)
        {
            Run("chown", ["nobody", _root], asNobody: false);
        }

        Run(Path.Combine(_bin, "initdb"), ["-D", _data, "-U", Superuser, "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"], _asNobody);
        for (var attempt = 0; ; attempt++)
        {
            Port = FreePort();
            var settings = $"-p {Port} -k {_root} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200";
            try
            {
                Run(Path.Combine(_bin, "pg_ctl"), ["start", "-w", "-t", "60", "-D", _data, "-l", Path.Combine(_root, "server.log"), "-o", settings], _asNobody);
                break;
            }
            catch (InvalidOperationException) when (attempt < 2)
            {
                // The free port may have been taken between the probe and the start: try another.
            }
        }

        AppDomain.CurrentDomain.ProcessExit += (_, _) => Dispose();
    }

    /// <summary>The loopback TCP port the server listens on.</summary>
    public int Port { get; private set; }

    /// <summary>Creates a new empty database and returns its catalog address (<c>postgresql://timbre@127.0.0.1:PORT/NAME</c>).</summary>
    public string CreateDatabase(string? name = null)
    {
        name ??= $"t{Interlocked.Increment(ref _databases)}";
        using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        connection.Open();
        using var cmd = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        cmd.ExecuteNonQuery();
        return Url(name);
    }

    /// <summary>The URL form of the catalog address of database <paramref name="database"/>.</summary>
    public string Url(string database) => $"postgresql://{Superuser}@127.0.0.1:{Port}/{database}";

    /// <summary>The Npgsql connection-string form of the address of database <paramref name="database"/>.</summary>
    public string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={Port};Username={Superuser};Database={database};Pooling=false";

    /// <summary>Runs one SQL statement on <paramref name="database"/> as another client would (psql, another process).</summary>
    public void Exec(string database, string sql)
    {
        using var connection = new NpgsqlConnection(ConnectionString(database));
        connection.Open();
        using var cmd = new NpgsqlCommand(sql, connection);
        cmd.ExecuteNonQuery();
    }

    /// <summary>Stops the server (immediate shutdown: nothing to keep) and deletes its folder.</summary>
    public void Dispose()
    {
        lock (this)
        {
            if (_stopped)
            {
                return;
            }

            _stopped = true;
        }

        try
        {
            Run(Path.Combine(_bin, "pg_ctl"), ["stop", "-w", "-m", "immediate", "-D", _data], _asNobody);
        }
        catch (InvalidOperationException)
        {
            // Already stopped (or never started): the folder goes anyway.
        }

        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static string FindBinaries()
    {
        var fromEnv = Environment.GetEnvironmentVariable("TIMBRE_PG_BIN");
        if (!string.IsNullOrEmpty(fromEnv) && File.Exists(Path.Combine(fromEnv, "initdb")))
        {
            return fromEnv;
        }

        var debian = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Select(d => (Dir: Path.Combine(d, "bin"), Version: int.TryParse(Path.GetFileName(d), out var v) ? v : 0))
                .Where(x => File.Exists(Path.Combine(x.Dir, "initdb")))
                .OrderByDescending(x => x.Version)
                .Select(x => x.Dir)
                .FirstOrDefault()
            : null;
        if (debian is not null)
        {
            return debian;
        }

        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').FirstOrDefault(d => d.Length > 0 && File.Exists(Path.Combine(d, "initdb")));
        return onPath ?? throw new InvalidOperationException(
            "PostgreSQL server binaries (initdb, pg_ctl) not found in TIMBRE_PG_BIN, /usr/lib/postgresql/*/bin or PATH: " +
            "the PostgreSQL catalog tests need them; install the Debian package 'postgresql' (scripts/setup.sh does).");
    }

    private static bool IsRoot()
    {
        try
        {
            return File.ReadAllLines("/proc/self/status").Any(l => l.StartsWith("Uid:", StringComparison.Ordinal) && l.Split('\t', StringSplitOptions.RemoveEmptyEntries)[1] == "0");
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private void Run(string program, IReadOnlyList<string> arguments, bool asNobody)
    {
        var info = new ProcessStartInfo(asNobody ? "runuser" : program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = _root,
        };
        if (asNobody)
        {
            foreach (var a in new[] { "-u", "nobody", "--", program })
            {
                info.ArgumentList.Add(a);
            }
        }

        foreach (var a in arguments)
        {
            info.ArgumentList.Add(a);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Cannot start {program}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(120)))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"{Path.GetFileName(program)} did not finish within 120 s.");
        }

        if (process.ExitCode != 0)
        {
            var log = Path.Combine(_root, "server.log");
            var serverLog = File.Exists(log) ? File.ReadAllText(log) : "";
            throw new InvalidOperationException(
                $"{Path.GetFileName(program)} {string.Join(' ', arguments)} failed (exit {process.ExitCode}): {stderr.Result}{stdout.Result}{serverLog}");
        }
    }
}
