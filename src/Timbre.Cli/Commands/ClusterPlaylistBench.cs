using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;
using Timbre.App.SharedIndex;
using Timbre.Cluster.Search;
using Timbre.Recommendation.Playlists;

namespace Timbre.Cli.Commands;

/// <summary>
/// <c>timbre cluster bench-playlists</c>: a radio station and sonic paths walked through the cluster's shards (what
/// <c>serve --cluster</c> does: one sharded search per step) against the same walks on the single-node exact index
/// loaded in this process: time per radio step and per path, shard searches per step, and whether the walks were identical.
/// </summary>
internal static class ClusterPlaylistBench
{
    /// <summary>Builds the <c>bench-playlists</c> subcommand.</summary>
    public static Command Create()
    {
        var catalog = CatalogCommand.CatalogOption();
        var clusterId = ClusterCommand.ClusterIdOption();
        var shards = ClusterCommand.ShardsOption();
        var steps = new Option<int>("--steps") { Description = "Radio steps (one station from a seeded random track).", DefaultValueFactory = _ => 50 };
        var paths = new Option<int>("--paths") { Description = "Sonic paths between seeded random pairs.", DefaultValueFactory = _ => 5 };
        var length = new Option<int>("--length") { Description = "Tracks per path (both ends included).", DefaultValueFactory = _ => 25 };
        var seed = new Option<int>("--seed") { Description = "Seed of the track choice.", DefaultValueFactory = _ => 1 };
        var cluster = new Option<string?>("--cluster") { Description = "The cluster's PostgreSQL database (membership), when the catalog is elsewhere; default: the catalog." };
        var command = new Command("bench-playlists", "Time a radio station and sonic paths walked through the cluster's shards against the same walks on the single-node exact index; checks they are identical.");
        foreach (var o in new Option[] { catalog, clusterId, shards, steps, paths, length, seed, cluster })
        {
            command.Options.Add(o);
        }

        command.SetAction(parseResult =>
        {
            var catalogPath = parseResult.GetValue(catalog)!;
            if (!Timbre.Storage.CatalogStores.IsPostgres(catalogPath))
            {
                catalogPath = Path.GetFullPath(catalogPath);
            }

            var spec = ShardRows.Canonical(new ShardSpec { Catalog = catalogPath, Count = parseResult.GetValue(shards) });
            var exact = ShardRows.LoadSnapshot(spec).Context;
            if (exact.Tracks.Count < 2)
            {
                throw new Timbre.Core.Errors.TimbreException("The catalog needs at least two tracks.");
            }

            using var host = ClusterCommand.Connect(parseResult.GetValue(cluster) ?? spec.Catalog, parseResult.GetValue(clusterId)!);
            var client = host.Services.GetRequiredService<IClusterClient>();
            ClusterCommand.Call(new ShardedSearch(client, spec).InfoAsync()); // loads the shards
            using var store = Timbre.Storage.CatalogStores.Open(spec.Catalog, create: false);
            var index = new ClusterIndex(client, spec);
            var random = new Random(parseResult.GetValue(seed));
            long Any() => exact.Tracks[random.Next(exact.Tracks.Count)].Id;

            var n = Math.Max(1, parseResult.GetValue(steps));
            var station = Any();
            var clock = Stopwatch.StartNew();
            var local = ClusterCommand.Call(new PlaylistBuilder(exact).RadioAsync(station));
            var expected = Enumerable.Range(0, n).Select(_ => ClusterCommand.Call(local.NextAsync())).ToList();
            var radioLocal = clock.Elapsed.TotalMilliseconds;
            var space = new SharedPlaylistSpace(index, (id, _) => Task.FromResult(store.FindTrack(id)?.Artist));
            clock.Restart();
            var remote = ClusterCommand.Call(new PlaylistBuilder(space).RadioAsync(station));
            var got = Enumerable.Range(0, n).Select(_ => ClusterCommand.Call(remote.NextAsync())).ToList();
            var radioSharded = clock.Elapsed.TotalMilliseconds;
            var radioSearches = space.Searches;

            var count = Math.Max(2, parseResult.GetValue(length));
            var pairs = Enumerable.Range(0, Math.Max(1, parseResult.GetValue(paths))).Select(_ => (From: Any(), To: Any())).Where(p => p.From != p.To).ToList();
            clock.Restart();
            var pathsLocal = pairs.Select(p => ClusterCommand.Call(new PlaylistBuilder(exact).PathAsync(p.From, p.To, count))).ToList();
            var pathLocal = clock.Elapsed.TotalMilliseconds;
            var pathSpace = new SharedPlaylistSpace(index, (id, _) => Task.FromResult(store.FindTrack(id)?.Artist));
            clock.Restart();
            var pathsSharded = pairs.Select(p => ClusterCommand.Call(new PlaylistBuilder(pathSpace).PathAsync(p.From, p.To, count))).ToList();
            var pathSharded = clock.Elapsed.TotalMilliseconds;
            var samePaths = pathsLocal.Zip(pathsSharded).Count(p => p.First.SequenceEqual(p.Second));

            string Ms(double v) => v.ToString("0.0", CultureInfo.InvariantCulture) + " ms";
            var table = new Table().AddColumns("", "single node (this process)", $"sharded ({spec.Count} shards)", "shard searches");
            table.AddRow("tracks", exact.Tracks.Count.ToString(CultureInfo.InvariantCulture), "", "");
            table.AddRow($"radio, per step ({n} steps)", Ms(radioLocal / n), Ms(radioSharded / n),
                string.Create(CultureInfo.InvariantCulture, $"{radioSearches / (double)n:0.00} per step (each {spec.Count} shard calls), + 1 vector call"));
            if (pairs.Count > 0)
            {
                table.AddRow($"sonic path of {count}, per path ({pairs.Count} paths)", Ms(pathLocal / pairs.Count), Ms(pathSharded / pairs.Count),
                    string.Create(CultureInfo.InvariantCulture, $"{pathSpace.Searches / (double)pairs.Count:0.0} per path, + 2 vector calls"));
            }

            CliConsole.Create().Write(table);
            var sameRadio = expected.SequenceEqual(got);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"radio identical: {sameRadio}; paths identical: {samePaths}/{pairs.Count}"));
            if (!ReferenceEquals(exact.Neighbours, exact.Index))
            {
                Console.WriteLine("The single node searched its approximate graph (a catalog past the graph threshold): walks may differ.");
            }

            return sameRadio && samePaths == pairs.Count ? 0 : 1;
        });
        return command;
    }
}
