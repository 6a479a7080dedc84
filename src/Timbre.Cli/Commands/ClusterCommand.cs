using System.CommandLine;
using System.Globalization;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Spectre.Console;
using Timbre.Cluster.Hosting;
using Timbre.Cluster.Membership;
using Timbre.Cluster.Scanning;
using Timbre.Cluster.Search;
using Timbre.Core.Errors;

namespace Timbre.Cli.Commands;

/// <summary>
/// <c>timbre cluster silo|status|query|bench</c>: run an Orleans silo that joins the cluster whose membership lives
/// in the catalog's PostgreSQL database, show the cluster, search the sharded index, and time it against one process.
/// </summary>
internal static class ClusterCommand
{
    /// <summary><c>--cluster-id</c>, shared by every cluster command and <c>scan --cluster</c>.</summary>
    internal static Option<string> ClusterIdOption() => new("--cluster-id")
    {
        Description = "Silos and clients with the same id (in the same database) form one cluster.",
        DefaultValueFactory = _ => "timbre",
    };

    /// <summary>Builds the command group.</summary>
    public static Command Create()
    {
        var command = new Command("cluster", "Run and query a Timbre cluster (Orleans silos; membership in the catalog's PostgreSQL database).");
        command.Subcommands.Add(Silo());
        command.Subcommands.Add(Status());
        command.Subcommands.Add(Query());
        command.Subcommands.Add(ClusterBench.Create());
        command.Subcommands.Add(ClusterPlaylistBench.Create());
        return command;
    }

    /// <summary>
    /// Connects a client to the cluster, or fails with one line. The commands' clients keep the thread pool's floor
    /// (<see cref="ClusterThreads"/>): the bench's single-node side scans in parallel in this process.
    /// </summary>
    internal static IHost Connect(string database, string clusterId)
    {
        ClusterThreads.EnsureFloor();
        try
        {
            return ClusterHosting.StartClientAsync(new ClusterSettings { Database = database, ClusterId = clusterId }).GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is OrleansException or ArgumentException or Npgsql.NpgsqlException or TimeoutException)
        {
            throw new TimbreException($"Cannot reach cluster '{clusterId}': {e.Message}");
        }
    }

    /// <summary>Waits for a cluster call; a failure of the cluster or of a grain becomes one error line.</summary>
    internal static T Call<T>(Task<T> call)
    {
        try
        {
            return call.GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is not TimbreException)
        {
            throw new TimbreException($"The cluster failed: {e.GetType().Name}: {e.Message}");
        }
    }

    private static Command Silo()
    {
        var catalog = CatalogCommand.CatalogOption();
        var clusterId = ClusterIdOption();
        var siloPort = new Option<int>("--silo-port") { Description = "Silo-to-silo port.", DefaultValueFactory = _ => 11111 };
        var gatewayPort = new Option<int>("--gateway-port") { Description = "Port clients (scan --cluster, cluster query) connect to.", DefaultValueFactory = _ => 30000 };
        var advertise = new Option<string?>("--advertise") { Description = "Address other machines reach this silo at (default: this machine's first non-loopback address)." };
        var verbose = new Option<bool>("--verbose") { Description = "Log Orleans' information messages (default: warnings only)." };
        var command = new Command("silo", "Run a silo that joins the cluster (membership in the --catalog PostgreSQL database) until Ctrl-C, then leave it gracefully.");
        foreach (var o in new Option[] { catalog, clusterId, siloPort, gatewayPort, advertise, verbose })
        {
            command.Options.Add(o);
        }

        command.SetAction(parseResult =>
        {
            IPAddress? address = null;
            if (parseResult.GetValue(advertise) is { } text && !IPAddress.TryParse(text, out address))
            {
                throw new InvalidOptionsException($"--advertise must be an IP address, got '{text}'.");
            }

            var settings = new ClusterSettings
            {
                Database = parseResult.GetValue(catalog)!,
                ClusterId = parseResult.GetValue(clusterId)!,
                SiloPort = parseResult.GetValue(siloPort),
                GatewayPort = parseResult.GetValue(gatewayPort),
                Advertise = address,
            };
            try
            {
                settings.Validate();
                using var host = ClusterHosting.BuildSilo(settings, logLevel: parseResult.GetValue(verbose) ? Microsoft.Extensions.Logging.LogLevel.Information : Microsoft.Extensions.Logging.LogLevel.Warning);
                host.Start();
                Console.Error.WriteLine($"silo up: cluster '{settings.ClusterId}', silo port {settings.SiloPort}, gateway port {settings.GatewayPort}; Ctrl-C leaves the cluster");
                host.WaitForShutdown();
                Console.Error.WriteLine("silo stopped");
            }
            catch (ArgumentException e)
            {
                throw new InvalidOptionsException(e.Message);
            }
            catch (Exception e) when (e is OrleansException or Npgsql.NpgsqlException or System.Net.Sockets.SocketException)
            {
                throw new TimbreException($"Silo failed: {e.Message}");
            }

            return 0;
        });
        return command;
    }

    private static Command Status()
    {
        var catalog = CatalogCommand.CatalogOption();
        var clusterId = ClusterIdOption();
        var command = new Command("status", "Print the cluster's silos (from the membership table), its index shards and the scan queue.");
        command.Options.Add(catalog);
        command.Options.Add(clusterId);
        command.SetAction(parseResult =>
        {
            var database = parseResult.GetValue(catalog)!;
            var id = parseResult.GetValue(clusterId)!;
            var console = CliConsole.Create();
            IReadOnlyList<SiloMember> members;
            try
            {
                var db = new ClusterDatabase(database, id);
                members = ClusterMembers.ListAsync(db).GetAwaiter().GetResult();
            }
            catch (ArgumentException e)
            {
                throw new InvalidOptionsException(e.Message);
            }
            catch (Npgsql.NpgsqlException e)
            {
                throw new TimbreException($"Cannot read the membership table: {e.Message}");
            }

            var silos = new Table().AddColumns("silo", "host", "address", "gateway", "status", "started (UTC)", "last alive (UTC)");
            foreach (var m in members)
            {
                silos.AddRow(Markup.Escape(m.Name), Markup.Escape(m.Host), m.Address, m.GatewayPort.ToString(CultureInfo.InvariantCulture), m.Status, Time(m.Started), Time(m.LastAlive));
            }

            console.Write(silos);
            if (!members.Any(m => m.Status == "Active"))
            {
                console.WriteLine("No active silo: no shards and no scan queue to show.");
                return 0;
            }

            using var host = Connect(database, id);
            var client = host.Services.GetRequiredService<IClusterClient>();
            var depth = Call(client.GetGrain<IScanCoordinatorGrain>(ScanCoordinator.Key).Depth());
            var census = Call(ShardCensus.TakeAsync(client));
            console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"index shards active: {census.Sum(c => c.Activations)} in {census.Count} indexes"));
            foreach (var index in census)
            {
                console.WriteLine("  " + index);
            }

            console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"scan queue: {depth.ActiveJobs} active jobs, {depth.Pending} batches pending, {depth.Leased} leased ({string.Join(", ", depth.LeasedBySilo.Select(p => $"{p.Key}: {p.Value}"))})"));
            return 0;
        });
        return command;
    }

    private static Command Query()
    {
        var catalog = CatalogCommand.CatalogOption();
        var clusterId = ClusterIdOption();
        var like = new Option<long>("--like") { Description = "Track id whose nearest tracks to list.", Required = true };
        var k = new Option<int>("--k") { Description = "Tracks to list.", DefaultValueFactory = _ => 10 };
        var shards = ShardsOption();
        var model = new Option<string?>("--model") { Description = "Analysis set (model id); default: the catalog's embedding space or largest set." };
        var command = new Command("query", "List the tracks nearest a track with the cluster's sharded index: exact cosine, re-ranked by mutual proximity when the catalog's fitted space asks for it (the same order as one process's method 1, before its filters).");
        foreach (var o in new Option[] { catalog, clusterId, like, k, shards, model })
        {
            command.Options.Add(o);
        }

        command.SetAction(parseResult =>
        {
            var spec = ShardRows.Canonical(new ShardSpec { Catalog = parseResult.GetValue(catalog)!, ModelId = parseResult.GetValue(model), Count = parseResult.GetValue(shards) });
            var id = parseResult.GetValue(like);
            using var host = Connect(spec.Catalog, parseResult.GetValue(clusterId)!);
            var search = new ShardedSearch(host.Services.GetRequiredService<IClusterClient>(), spec);
            var query = Call(search.VectorAsync(id)) ?? throw new TimbreException($"Track {id} is not in the index.");
            var hits = Call(search.SimilarAsync(query, id, parseResult.GetValue(k), [id]));
            using var store = Timbre.Storage.CatalogStores.Open(spec.Catalog, create: false);
            var table = new Table().AddColumns("#", "track", "score", "cosine", "file");
            for (var i = 0; i < hits.Count; i++)
            {
                var path = store.FindTrack(hits[i].Id)?.Path ?? "?";
                table.AddRow((i + 1).ToString(CultureInfo.InvariantCulture), hits[i].Id.ToString(CultureInfo.InvariantCulture), hits[i].Score.ToString("0.0000", CultureInfo.InvariantCulture), hits[i].Cosine.ToString("0.0000", CultureInfo.InvariantCulture), Markup.Escape(Path.GetFileName(path)));
            }

            CliConsole.Create().Write(table);
            return 0;
        });
        return command;
    }

    /// <summary><c>--shards</c>: how many shards the index is cut into (1–4096).</summary>
    internal static Option<int> ShardsOption()
    {
        var option = new Option<int>("--shards") { Description = "Shards of the index (grains spread over the silos); every client of one index must use the same count.", DefaultValueFactory = _ => 12 };
        option.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 1 or > ShardSpec.MaxShards)
            {
                r.AddError($"--shards must be 1–{ShardSpec.MaxShards}.");
            }
        });
        return option;
    }

    private static string Time(DateTime t) => t.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
}
