using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;
using Timbre.Cluster.Search;

namespace Timbre.Cli.Commands;

/// <summary>
/// <c>timbre cluster bench</c>: the same seeded queries through the single-node exact index (loaded in this process)
/// and through the cluster's sharded index: first one at a time (latency p50, p99, mean; how many results were
/// identical), then <c>--concurrency</c> at a time (queries per second), side by side with the sharded / single ratio.
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
        var concurrency = new Option<int>("--concurrency") { Description = "Queries in flight in the throughput round (each side in turn).", DefaultValueFactory = _ => 4 };
        var cluster = new Option<string?>("--cluster") { Description = "The cluster's PostgreSQL database (membership), when the catalog is elsewhere (a SQLite file every silo reads at the same path); default: the catalog." };
        var command = new Command("bench", "Time sharded queries on the cluster against the single-node exact index, same queries: latency one at a time, then throughput; checks the results are identical.");
        foreach (var o in new Option[] { catalog, clusterId, queries, k, shards, seed, concurrency, cluster })
        {
            command.Options.Add(o);
        }

        command.SetAction(parseResult =>
        {
            var catalogPath = parseResult.GetValue(catalog)!;
            if (!Timbre.Storage.CatalogStores.IsPostgres(catalogPath))
            {
                catalogPath = Path.GetFullPath(catalogPath); // the silos open it too, from their own working directories
            }

            var spec = ShardRows.Canonical(new ShardSpec { Catalog = catalogPath, Count = parseResult.GetValue(shards) });
            var n = Math.Max(1, parseResult.GetValue(queries));
            var top = Math.Max(1, parseResult.GetValue(k));
            var clock = Stopwatch.StartNew();
            var exact = ShardRows.LoadSnapshot(spec).Context;
            var loadLocal = clock.Elapsed.TotalSeconds;
            if (exact.Tracks.Count == 0)
            {
                throw new Timbre.Core.Errors.TimbreException("The catalog has no tracks to search.");
            }

            using var host = ClusterCommand.Connect(parseResult.GetValue(cluster) ?? spec.Catalog, parseResult.GetValue(clusterId)!);
            var search = new ShardedSearch(host.Services.GetRequiredService<IClusterClient>(), spec);
            clock.Restart();
            var loaded = ClusterCommand.Call(search.LoadAsync());
            var loadShards = clock.Elapsed.TotalSeconds;

            var random = new Random(parseResult.GetValue(seed));
            var local = new double[n];
            var sharded = new double[n];
            var clientGc = new double[n];
            var identical = 0;
            ClusterCommand.Call(search.SearchAsync(exact.Tracks[0].Embedding, top, [exact.Tracks[0].Id])); // warm-up
            var before = ClusterCommand.Call(search.InfoAsync());
            for (var i = 0; i < n; i++)
            {
                var track = exact.Tracks[random.Next(exact.Tracks.Count)];
                var exclude = new HashSet<long> { track.Id };
                clock.Restart();
                var expected = exact.Index.Search(track.Embedding, top, exclude);
                local[i] = clock.Elapsed.TotalMilliseconds;
                var paused = GC.GetTotalPauseDuration();
                clock.Restart();
                var got = ClusterCommand.Call(search.SearchAsync(track.Embedding, top, exclude));
                sharded[i] = clock.Elapsed.TotalMilliseconds;
                clientGc[i] = (GC.GetTotalPauseDuration() - paused).TotalMilliseconds;
                if (expected.Select(h => (h.Id, h.Score)).SequenceEqual(got.Select(h => (h.Id, h.Score))))
                {
                    identical++;
                }
            }

            var after = ClusterCommand.Call(search.InfoAsync());
            var slowest = Enumerable.Range(0, n).OrderByDescending(i => sharded[i]).Take(5)
                .Select(i => string.Create(CultureInfo.InvariantCulture, $"#{i} {sharded[i]:0} ms (client GC pause {clientGc[i]:0} ms)"));
            Console.WriteLine("slowest sharded queries (one at a time): " + string.Join(", ", slowest));
            Console.WriteLine(ShardTimings(before, after));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"shard calls retried after a failure: {search.Retries}"));

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

            string Ratio(double single, double many) => (many / single).ToString("0.00", CultureInfo.InvariantCulture) + "×";
            foreach (var (name, p) in new[] { ("p50", 0.5), ("p99", 0.99) })
            {
                var (a, b) = (Percentile(local, p), Percentile(sharded, p));
                table.AddRow($"query {name} (one at a time)", Ms(a), $"{Ms(b)} ({Ratio(a, b)})");
            }

            table.AddRow("query mean (one at a time)", Ms(local.Average()), $"{Ms(sharded.Average())} ({Ratio(local.Average(), sharded.Average())})");

            // Throughput: the same queries, `parallel` in flight, each side alone (the silos idle while this process scans).
            var parallel = Math.Max(1, parseResult.GetValue(concurrency));
            var order = new Random(parseResult.GetValue(seed) + 1);
            var picks = Enumerable.Range(0, n).Select(_ => exact.Tracks[order.Next(exact.Tracks.Count)]).ToArray();
            clock.Restart();
            Parallel.ForEach(picks, new ParallelOptions { MaxDegreeOfParallelism = parallel }, t => exact.Index.Search(t.Embedding, top, new HashSet<long> { t.Id }));
            var qpsLocal = n / clock.Elapsed.TotalSeconds;
            clock.Restart();
            var next = -1;
            ClusterCommand.Call(Task.WhenAll(Enumerable.Range(0, parallel).Select(async _ =>
            {
                for (int i; (i = Interlocked.Increment(ref next)) < n;)
                {
                    await search.SearchAsync(picks[i].Embedding, top, [picks[i].Id]).ConfigureAwait(false);
                }

                return 0;
            })));
            var qpsSharded = n / clock.Elapsed.TotalSeconds;
            Console.WriteLine("throughput round:" + Environment.NewLine + ShardTimings(after, ClusterCommand.Call(search.InfoAsync())));
            string Qps(double v) => v.ToString("0.0", CultureInfo.InvariantCulture) + " q/s";
            table.AddRow($"throughput ({parallel} in flight)", Qps(qpsLocal), $"{Qps(qpsSharded)} ({Ratio(qpsLocal, qpsSharded)})");
            CliConsole.Create().Write(table);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{identical}/{n} queries gave identical top-{top} (ids and scores); ratios are sharded / single node"));
            return identical == n ? 0 : 1;
        });
        return command;
    }

    /// <summary>Per silo, between two censuses: shard searches and their time inside the shards, the silo runtime's GC pauses and thread-pool size.</summary>
    private static string ShardTimings(IReadOnlyList<ShardInfo> before, IReadOnlyList<ShardInfo> after)
    {
        var lines = after.GroupBy(s => s.Silo).Select(g =>
        {
            var was = before.Where(b => b.Silo == g.Key).ToArray();
            var searches = g.Sum(s => s.Searches) - was.Sum(s => s.Searches);
            var total = g.Sum(s => s.SearchTotalMs) - was.Sum(s => s.SearchTotalMs);
            return string.Create(CultureInfo.InvariantCulture,
                $"silo {g.Key}: {searches} shard searches, mean {total / Math.Max(1, searches):0.0} ms, slowest since activation {g.Max(s => s.SearchMaxMs):0.0} ms; " +
                $"GC pause {g.Max(s => s.SiloGcPauseMs) - was.DefaultIfEmpty().Max(s => s?.SiloGcPauseMs ?? 0):0} ms, gen2 {g.Max(s => s.SiloGen2Collections) - was.DefaultIfEmpty().Max(s => s?.SiloGen2Collections ?? 0)}; " +
                $"thread-pool threads {was.DefaultIfEmpty().Max(s => s?.SiloThreadPoolThreads ?? 0)} -> {g.Max(s => s.SiloThreadPoolThreads)}");
        });
        return string.Join(Environment.NewLine, lines);
    }

    private static string Mb(long bytes) => (bytes / 1048576.0).ToString("0.0", CultureInfo.InvariantCulture) + " MB";

    private static double Percentile(double[] values, double p)
    {
        var sorted = values.Order().ToArray();
        return sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
    }
}
