using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;
using Timbre.Cluster.Search;

namespace Timbre.Cli.Commands;

/// <summary>
/// <c>timbre cluster bench</c>: the same seeded queries through the single-node exact index (loaded in this process)
/// and through the cluster's sharded index, one at a time, latencies side by side, and how many results were identical.
/// </summary>
internal static class ClusterBench
{
    /// <summary>Builds the <c>bench</c> subcommand.</summary>
    public static Command Create()
    {
        var catalog = CatalogCommand.CatalogOption();
        var clusterId = ClusterCommand.ClusterIdOption();
        var queries = new Option<int>("--queries") { Description = "Queries (seeded random tracks, each excluded from its own results).", DefaultValueFactory = _ => 200 };
        var k = new Option<int>("--k") { Description = "Results per query.", DefaultValueFactory = _ => 10 };
        var shards = ClusterCommand.ShardsOption();
        var seed = new Option<int>("--seed") { Description = "Seed of the query choice.", DefaultValueFactory = _ => 1 };
        var command = new Command("bench", "Time sharded queries on the cluster against the single-node exact index, same queries, and check the results are identical.");
        foreach (var o in new Option[] { catalog, clusterId, queries, k, shards, seed })
        {
            command.Options.Add(o);
        }

        command.SetAction(parseResult =>
        {
            var spec = ShardRows.Canonical(new ShardSpec { Catalog = parseResult.GetValue(catalog)!, Count = parseResult.GetValue(shards) });
            var n = Math.Max(1, parseResult.GetValue(queries));
            var top = Math.Max(1, parseResult.GetValue(k));
            var clock = Stopwatch.StartNew();
            var exact = ShardRows.LoadSnapshot(spec).Context;
            var loadLocal = clock.Elapsed.TotalSeconds;
            if (exact.Tracks.Count == 0)
            {
                throw new Timbre.Core.Errors.TimbreException("The catalog has no tracks to search.");
            }

            using var host = ClusterCommand.Connect(spec.Catalog, parseResult.GetValue(clusterId)!);
            var search = new ShardedSearch(host.Services.GetRequiredService<IClusterClient>(), spec);
            clock.Restart();
            var loaded = ClusterCommand.Call(search.LoadAsync());
            var loadShards = clock.Elapsed.TotalSeconds;

            var random = new Random(parseResult.GetValue(seed));
            var local = new double[n];
            var sharded = new double[n];
            var identical = 0;
            ClusterCommand.Call(search.SearchAsync(exact.Tracks[0].Embedding, top, [exact.Tracks[0].Id])); // warm-up
            for (var i = 0; i < n; i++)
            {
                var track = exact.Tracks[random.Next(exact.Tracks.Count)];
                var exclude = new HashSet<long> { track.Id };
                clock.Restart();
                var expected = exact.Index.Search(track.Embedding, top, exclude);
                local[i] = clock.Elapsed.TotalMilliseconds;
                clock.Restart();
                var got = ClusterCommand.Call(search.SearchAsync(track.Embedding, top, exclude));
                sharded[i] = clock.Elapsed.TotalMilliseconds;
                if (expected.Select(h => (h.Id, h.Score)).SequenceEqual(got.Select(h => (h.Id, h.Score))))
                {
                    identical++;
                }
            }

            var table = new Table().AddColumns("", "single node (this process)", $"sharded ({spec.Count} shards on {loaded.Select(s => s.Silo).Distinct().Count()} silos)");
            string Ms(double v) => v.ToString("0.000", CultureInfo.InvariantCulture) + " ms";
            table.AddRow("tracks", exact.Tracks.Count.ToString(CultureInfo.InvariantCulture), loaded.Sum(s => s.Rows).ToString(CultureInfo.InvariantCulture));
            table.AddRow("load", loadLocal.ToString("0.00", CultureInfo.InvariantCulture) + " s", loadShards.ToString("0.00", CultureInfo.InvariantCulture) + " s");
            table.AddRow("vectors held", Mb((long)exact.Tracks.Count * exact.Index.Dimension * sizeof(float)), $"{Mb(loaded.Max(s => s.VectorBytes))} largest shard");
            using (var self = Process.GetCurrentProcess())
            {
                var silos = ClusterCommand.Call(search.InfoAsync()).GroupBy(s => s.Silo)
                    .Select(g => $"{Mb(g.Max(s => s.SiloWorkingSet))}, heap {Mb(g.Max(s => s.SiloManagedBytes))} ({g.Count()} shards, {g.Sum(s => s.Rows)} rows)");
                table.AddRow("process RSS", Mb(self.WorkingSet64) + " (this process, whole snapshot)", string.Join("; ", silos));
            }

            table.AddRow("query p50", Ms(Percentile(local, 0.5)), Ms(Percentile(sharded, 0.5)));
            table.AddRow("query p95", Ms(Percentile(local, 0.95)), Ms(Percentile(sharded, 0.95)));
            table.AddRow("query mean", Ms(local.Average()), Ms(sharded.Average()));
            CliConsole.Create().Write(table);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{identical}/{n} queries gave identical top-{top} (ids and scores)"));
            return identical == n ? 0 : 1;
        });
        return command;
    }

    private static string Mb(long bytes) => (bytes / 1048576.0).ToString("0.0", CultureInfo.InvariantCulture) + " MB";

    private static double Percentile(double[] values, double p)
    {
        var sorted = values.Order().ToArray();
        return sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
    }
}
