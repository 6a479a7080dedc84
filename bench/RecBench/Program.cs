// Top-10 exact cosine query latency of SimilarityIndex (float32 scan) and QuantizedExactIndex (int8 scan + exact
// float32 re-score, identical results) vs a numpy brute force, in one run. With --ann, also AnnIndex (own or USearch HNSW +
// exact float32 re-rank), hnswlib (Debian python3-hnswlib) and FAISS IndexHNSWFlat / IndexIVFFlat (Debian python3-faiss)
// on the same vectors: build time, p50/p99 latency, QPS on 2 threads, memory, recall@10, as ratios to AnnIndex.
// Usage: dotnet run -c Release --project bench/RecBench [-- --sizes 10000,100000,1000000 --dim 128 --queries 200 --threads 2]
//        [--ann] [--clustered] [--precision float16|float32|int8[,…]] [--overfetch 4[,…]] [--ef 64[,…]] [--m 16] [--ip]
//        [--engine usearch|hnsw[,…]] [--target-recall 0.95] [--build-threads 1] [--ann-only] [--no-numpy] [--no-faiss]
//        [--peers hnswlib,faiss] [--no-own] [--reopen]
//        RecBench --cf-memory [--users 100000 --per-user 30 --tracks 1000000]: the cluster's user-kNN model's memory and fit time
//        RecBench --map N [--method exact|approx] [--iterations I] [--exact-rows R] [--sample 1000]: the library map's layout of N synthetic rows (MapBench.cs)
//        RecBench --graph-rss GRAPH [--queries 1000] [--save-to PATH]: resident memory after opening a saved graph and after the queries
//        (--clustered: 100 Gaussian centres + noise 0.35 per value instead of i.i.d. Gaussian rows; lists are swept, each
//        HNSW family's best QPS at recall@10 >= the target is compared with hnswlib's; --ann-only skips the exact timings;
//        --peers picks the peers to run, --no-own skips AnnIndex: e.g. FAISS alone at 1M next to an earlier hnswlib run;
//        --reopen saves the built graph and searches it opened memory-mapped, as the product does)
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using Timbre.Recommendation.Similarity;

if (args.Contains("--cf-memory"))
{
    return CfMemory.Run(int.Parse(Arg("--users", "100000"), CultureInfo.InvariantCulture), int.Parse(Arg("--per-user", "30"), CultureInfo.InvariantCulture), int.Parse(Arg("--tracks", "1000000"), CultureInfo.InvariantCulture));
}

if (args.Contains("--map"))
{
    return MapBench.Run(int.Parse(Arg("--map", "100000"), CultureInfo.InvariantCulture), int.Parse(Arg("--dim", "357"), CultureInfo.InvariantCulture), Arg("--method", "approx"),
        args.Contains("--iterations") ? int.Parse(Arg("--iterations", "0"), CultureInfo.InvariantCulture) : null,
        int.Parse(Arg("--exact-rows", "0"), CultureInfo.InvariantCulture), int.Parse(Arg("--sample", "1000"), CultureInfo.InvariantCulture), int.Parse(Arg("--seed", "42"), CultureInfo.InvariantCulture));
}

if (args.Contains("--graph-rss"))
{
    return GraphRss.Run(Arg("--graph-rss", ""), int.Parse(Arg("--queries", "1000"), CultureInfo.InvariantCulture), args.Contains("--save-to") ? Arg("--save-to", "") : null);
}

var sizes = Arg("--sizes", "10000,100000,1000000").Split(',').Select(int.Parse).ToArray();
var dim = int.Parse(Arg("--dim", "128"), CultureInfo.InvariantCulture);
var queries = int.Parse(Arg("--queries", "200"), CultureInfo.InvariantCulture);
var threads = int.Parse(Arg("--threads", "2"), CultureInfo.InvariantCulture);
var python = Arg("--python", "/usr/bin/python3");
var script = Arg("--script", Path.Combine(FindRepoRoot(), "bench", "rec_numpy.py"));
var hnswScript = Arg("--hnswlib-script", Path.Combine(FindRepoRoot(), "bench", "rec_hnswlib.py"));
var faissScript = Arg("--faiss-script", Path.Combine(FindRepoRoot(), "bench", "rec_faiss.py"));
var numpy = !args.Contains("--no-numpy");
var peers = Arg("--peers", "hnswlib,faiss").Split(',', StringSplitOptions.RemoveEmptyEntries);
var hnswlib = peers.Contains("hnswlib");
var faiss = peers.Contains("faiss") && !args.Contains("--no-faiss");
var own = !args.Contains("--no-own");
var reopen = args.Contains("--reopen");
var ann = args.Contains("--ann");
var clustered = args.Contains("--clustered");
var precisions = Arg("--precision", AnnIndexOptions.Default.Precision.ToString()).Split(',').Select(p => Enum.Parse<AnnPrecision>(p, ignoreCase: true)).ToArray();
var overFetches = Arg("--overfetch", Inv(AnnIndexOptions.Default.OverFetch)).Split(',').Select(int.Parse).ToArray();
var efs = Arg("--ef", Inv(AnnIndexOptions.Default.ExpansionSearch)).Split(',').Select(int.Parse).ToArray();
var targetRecall = double.Parse(Arg("--target-recall", "0.95"), CultureInfo.InvariantCulture);
var annOnly = args.Contains("--ann-only");
var engines = Arg("--engine", AnnIndexOptions.Default.Engine.ToString()).Split(',').Select(e => Enum.Parse<AnnEngine>(e, ignoreCase: true)).ToArray();
var buildThreads = int.Parse(Arg("--build-threads", "1"), CultureInfo.InvariantCulture);
var annOptions = new AnnIndexOptions
{
    ExpansionSearch = efs[0],
    Connectivity = int.Parse(Arg("--m", Inv(AnnIndexOptions.Default.Connectivity)), CultureInfo.InvariantCulture),
    InnerProduct = args.Contains("--ip"),
    BuildThreads = buildThreads,
}.Validate();
const int K = 10;

Console.WriteLine($"top-{K} exact cosine, dim {dim}, {queries} queries per size, {threads} threads, {Environment.ProcessorCount} cores");
var rows = new List<(int N, double P50, double P99, double QP50, double QP99, double NpP50, double NpP99)>();
var batched = new List<(int N, double PerQuery)>();
var annRows = new List<AnnRow>();
foreach (var n in sizes)
{
    var (p50, p99, q50, q99) = MeasureDotnet(n);
    GC.Collect();
    var (np50, np99) = numpy ? MeasureNumpy(n) : (double.NaN, double.NaN);
    rows.Add((n, p50, p99, q50, q99, np50, np99));
    Console.WriteLine($"  done N={n}");
}

Console.WriteLine();
Console.WriteLine("float32 = SimilarityIndex (exact float32 scan); int8+rerank = QuantizedExactIndex (exact, identical top-k)");
Console.WriteLine($"{"N",9} | {"float32 p50",11} | {"float32 p99",11} | {"int8 p50",9} | {"int8 p99",9} | {"numpy p50",9} | {"numpy p99",9} | {"np/f32",6} | {"np/int8",7} | {"f32/int8",8}");
Console.WriteLine(new string('-', 110));
foreach (var r in rows)
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{r.N,9} | {r.P50,11:0.000} | {r.P99,11:0.000} | {r.QP50,9:0.000} | {r.QP99,9:0.000} | {r.NpP50,9:0.000} | {r.NpP99,9:0.000} | {r.NpP50 / r.P50,5:0.00}x | {r.NpP50 / r.QP50,6:0.00}x | {r.P50 / r.QP50,7:0.00}x"));
}

Console.WriteLine("(all times in ms; ratios > 1 mean the right-hand index is faster)");
foreach (var b in batched)
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"QuantizedExactIndex.SearchMany, 16 queries per pass, N={b.N}: {b.PerQuery:0.000} ms per query (amortised)"));
}

if (annRows.Count > 0)
{
    Console.WriteLine();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"ANN (top-{K}, {(clustered ? "clustered" : "i.i.d. Gaussian")} rows): AnnIndex = own HNSW (int8) or USearch HNSW (M={annOptions.Connectivity}, efAdd={annOptions.ExpansionAdd}, {(annOptions.InnerProduct ? "inner product" : "cosine")}) + exact float32 re-rank of overfetch·k; hnswlib and FAISS HNSW M={annOptions.Connectivity}, efC={annOptions.ExpansionAdd}; all built on {buildThreads} thread(s), p50/p99 on 1, QPS on 2"));
    Console.WriteLine($"{"N",9} | {"index",-28} | {"build s",8} | {"build CPU",9} | {"p50 ms",7} | {"p99 ms",7} | {"graph ms",8} | {"QPS 2thr",8} | {"QPS/CPU-s",9} | {"recall@10",9} | {"mem MB",7}");
    Console.WriteLine(new string('-', 144));
    foreach (var a in annRows)
    {
        foreach (var m in a.Measures)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{a.N,9} | {m.Name,-28} | {m.BuildSeconds,8:0.00} | {m.BuildCpuSeconds,9:0.0} | {m.P50,7:0.000} | {m.P99,7:0.000} | {m.GraphP50,8:0.000} | {m.Qps2,8:0} | {m.QpsCpu,9:0} | {m.Recall,9:0.0000} | {m.MemMb,7:0.0}"));
        }
    }

    Console.WriteLine("(graph ms = p50 of the graph search alone, the candidates without re-ranking; mem = resident growth while building; AnnIndex adds the float32 rows it re-ranks with, which the catalog holds anyway)");
    Console.WriteLine();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Best QPS per family at recall@10 >= {targetRecall:0.00} (ratios to hnswlib's best):"));
    foreach (var a in annRows)
    {
        var best = a.Measures.Where(m => m.Recall >= targetRecall).GroupBy(m => m.Family).Select(g => g.MaxBy(m => m.Qps2)!).ToList();
        var bestCpu = a.Measures.Where(m => m.Recall >= targetRecall).GroupBy(m => m.Family).ToDictionary(g => g.Key, g => g.MaxBy(m => m.QpsCpu)!);
        var peer = best.FirstOrDefault(m => m.Family == "hnswlib");
        foreach (var m in best)
        {
            var c = bestCpu[m.Family];
            var ratio = peer is null ? "" : string.Create(CultureInfo.InvariantCulture,
                $"  wall QPS {m.Qps2 / peer.Qps2:0.00}x, QPS/CPU-s {c.QpsCpu / bestCpu[peer.Family].QpsCpu:0.00}x ({c.Name}), mem {m.MemMb / peer.MemMb:0.00}x hnswlib");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{a.N,9} | {m.Family,-18} | {m.Name,-28} | recall {m.Recall:0.0000} | QPS {m.Qps2,6:0} | mem {m.MemMb,6:0.0} MB{ratio}"));
        }

        foreach (var g in a.Measures.GroupBy(m => m.Family))
        {
            var m = g.First();
            var h = a.Measures.FirstOrDefault(x => x.Family == "hnswlib");
            var ratio = h is null ? "" : string.Create(CultureInfo.InvariantCulture, $" ({m.BuildSeconds / h.BuildSeconds:0.00}x / {m.BuildCpuSeconds / h.BuildCpuSeconds:0.00}x hnswlib's)");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{a.N,9} | {m.Family,-18} | build {m.BuildSeconds:0.0} s wall, {m.BuildCpuSeconds:0.0} CPU-s{ratio}"));
        }
    }
}

var big = rows.Where(r => r.N >= 1_000_000).ToList();
if (big.Count > 0 && !annOnly)
{
    var best = Math.Min(big[0].P50, big[0].QP50);
    Console.WriteLine(best <= 30 ? $"goal met: exact p50 {best:0.0} ms <= 30 ms at 1M" : $"goal missed: exact p50 {best:0.0} ms > 30 ms at 1M");
}

return 0;

(double P50, double P99, double QP50, double QP99) MeasureDotnet(int n)
{
    var rng = new Random(1234);
    var matrix = new float[(long)n * dim];
    var centres = Enumerable.Range(0, 100).Select(_ => Enumerable.Range(0, dim).Select(_ => Gaussian(rng)).ToArray()).ToArray();
    Func<float[]> draw = clustered
        ? () => centres[rng.Next(centres.Length)].Select(x => x + (0.35f * Gaussian(rng))).ToArray()
        : () => Enumerable.Range(0, dim).Select(_ => Gaussian(rng)).ToArray();
    for (var r = 0; r < n; r++)
    {
        draw().CopyTo(matrix, (long)r * dim);
    }

    var ids = Enumerable.Range(0, n).Select(i => (long)i).ToArray();
    var options = new SimilarityIndexOptions { MaxDegreeOfParallelism = threads };
    var qs = Enumerable.Range(0, queries + 10).Select(_ => draw()).ToArray();
    // The exact index normalises its matrix in place; the quantised one gets the rows as drawn (normalising twice moves last bits).
    var original = annOnly ? null : (float[])matrix.Clone();
    var exact = new SimilarityIndex(ids, matrix, dim, options);
    var (p50, p99, expected) = Time(exact, qs);
    if (annOnly)
    {
        annRows.Add(new AnnRow(n, [.. MeasureAnn(exact, qs, expected), .. MeasurePeers(matrix, qs, expected)]));
        return (p50, p99, double.NaN, double.NaN);
    }

    var quantized = new QuantizedExactIndex(ids, original!, dim, options);
    var (q50, q99, actual) = Time(quantized, qs);
    const int Batch = 16;
    quantized.SearchMany(qs.Take(Batch).ToArray(), K); // warm-up (JIT)
    var sw = Stopwatch.StartNew();
    for (var i = 0; i + Batch <= queries; i += Batch)
    {
        var hits = quantized.SearchMany(qs.Skip(10 + i).Take(Batch).ToArray(), K);
        for (var b = 0; b < Batch; b++)
        {
            if (!hits[b].SequenceEqual(expected[i + b]))
            {
                throw new InvalidOperationException($"SearchMany differs from SimilarityIndex on query {i + b} at N={n}");
            }
        }
    }

    batched.Add((n, sw.Elapsed.TotalMilliseconds / (queries / Batch * Batch)));
    for (var i = 0; i < queries; i++)
    {
        if (!expected[i].SequenceEqual(actual[i]))
        {
            throw new InvalidOperationException($"QuantizedExactIndex differs from SimilarityIndex on query {i} at N={n}");
        }
    }

    if (ann)
    {
        annRows.Add(new AnnRow(n, [.. MeasureAnn(exact, qs, expected), .. MeasurePeers(matrix, qs, expected)]));
    }

    return (p50, p99, q50, q99);
}

List<AnnMeasure> MeasureAnn(SimilarityIndex exact, float[][] qs, IReadOnlyList<Neighbor>[] expected)
{
    var result = new List<AnnMeasure>();
    if (!own)
    {
        return result;
    }

    var variants = engines.SelectMany(e => e == AnnEngine.Hnsw ? [(e, AnnPrecision.Int8)] : precisions.Select(p => (e, p))).ToList();
    foreach (var (engine, precision) in variants)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var before = Process.GetCurrentProcess().WorkingSet64;
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var sw = Stopwatch.StartNew();
        var built = new AnnIndex(exact, annOptions with { Precision = precision, Engine = engine });
        var build = sw.Elapsed.TotalSeconds;
        var buildCpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;
        GC.Collect();
        var mem = (Process.GetCurrentProcess().WorkingSet64 - before + (exact.Count * 4.0 * exact.Dimension)) / 1e6;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  AnnIndex {engine} {precision}: built in {build:0.0} s ({buildCpu:0.0} CPU-s), graph {built.GraphBytes / 1e6:0.0} MB (the engine's count), RSS growth + float32 rows {mem:0.0} MB"));
        if (reopen)
        {
            var saved = Path.Combine(Path.GetTempPath(), $"recbench-{Guid.NewGuid():N}.graph");
            built.Save(saved);
            built = AnnIndex.Open(exact, saved, annOptions with { Precision = precision, Engine = engine }, view: true);
            File.Delete(saved); // the mapping keeps the file's pages until the index goes
            Console.WriteLine("  searching the graph saved and reopened memory-mapped");
        }

        var warm = built.WithSearchSettings(efs[0], overFetches[0]);
        for (var round = 0; round < 20; round++)
        {
            Parallel.For(0, qs.Length, new ParallelOptions { MaxDegreeOfParallelism = 2 }, i => warm.Search(qs[i], K)); // tiered JIT reaches its optimised code
        }

        foreach (var ef in efs)
        {
            foreach (var overFetch in overFetches)
            {
                var index = built.WithSearchSettings(ef, overFetch);
                var (p50, p99, hits) = Time(index, qs);
                var graphP50 = TimeGraph(index, qs, K * overFetch);
                var (qps, qpsCpu) = Qps(index, qs.Skip(10).ToArray());
                var recall = Recall(hits.Select(h => h.Select(x => (long)x.Row).ToArray()).ToArray(), expected);
                var family = engine == AnnEngine.Hnsw ? "AnnIndex own HNSW int8" : $"AnnIndex USearch {precision}";
                result.Add(new AnnMeasure($"{family} ef={ef} of={overFetch}", build, p50, p99, recall, qps, mem, graphP50, family, qpsCpu, buildCpu));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    ef={ef} overfetch={overFetch}: recall {recall:0.0000}, p50 {p50:0.000} ms (graph {graphP50:0.000}), QPS {qps:0}, per CPU-s {qpsCpu:0}"));
            }
        }
    }

    return result;
}

// Queries per second of wall time on 2 threads, and per CPU-second of the process (steadier on a shared machine:
// waiting for a core does not count). Two plain threads each search their half of the queries for at least 2 s, as
// hnswlib's batch query does (no thread-pool workers spinning between rounds).
(double Wall, double PerCpu) Qps(ISimilarityIndex index, float[][] measured)
{
    var done = new int[2];
    var cpu = Process.GetCurrentProcess().TotalProcessorTime;
    var sw = Stopwatch.StartNew();
    var workers = Enumerable.Range(0, 2).Select(t => new Thread(() =>
    {
        while (sw.Elapsed.TotalSeconds < 2)
        {
            for (var i = t; i < measured.Length; i += 2)
            {
                index.Search(measured[i], K);
                done[t]++;
            }
        }
    })).ToList();
    workers.ForEach(w => w.Start());
    workers.ForEach(w => w.Join());
    var wall = sw.Elapsed.TotalSeconds;
    var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
    return ((done[0] + done[1]) / wall, (done[0] + done[1]) / cpuSeconds);
}

double TimeGraph(AnnIndex index, float[][] qs, int count)
{
    var times = new double[queries];
    for (var i = 0; i < queries; i++)
    {
        var sw = Stopwatch.StartNew();
        index.CandidateRows(qs[i + 10], count);
        times[i] = sw.Elapsed.TotalMilliseconds;
    }

    return Percentile(times, 0.50);
}

List<AnnMeasure> MeasurePeers(float[] unitRows, float[][] qs, IReadOnlyList<Neighbor>[] expected)
{
    var dir = Directory.CreateTempSubdirectory("recbench-hnswlib-");
    try
    {
        var rowsPath = Path.Combine(dir.FullName, "rows.f32");
        var queriesPath = Path.Combine(dir.FullName, "queries.f32");
        var exactPath = Path.Combine(dir.FullName, "exact.i64");
        File.WriteAllBytes(rowsPath, MemoryMarshal.AsBytes(unitRows.AsSpan()).ToArray());
        File.WriteAllBytes(queriesPath, MemoryMarshal.AsBytes(qs.SelectMany(q => q).ToArray().AsSpan()).ToArray());
        File.WriteAllBytes(exactPath, MemoryMarshal.AsBytes(expected.SelectMany(e => e.Select(h => (long)h.Row)).ToArray().AsSpan()).ToArray());
        string[] peerArgs = [
            "--rows", rowsPath, "--queries", queriesPath, "--exact", exactPath, "--dim", Inv(dim), "--k", Inv(K),
            "--m", Inv(annOptions.Connectivity), "--ef-construction", Inv(annOptions.ExpansionAdd), "--ef", Inv(annOptions.ExpansionSearch), "--ef-list", string.Join(',', efs), "--threads", Inv(buildThreads)];
        var lines = hnswlib ? (RunPython(hnswScript, peerArgs) ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList() : [];
        if (faiss)
        {
            lines.AddRange((RunPython(faissScript, peerArgs) ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries));
        }

        var result = new List<AnnMeasure>();
        foreach (var json in lines.Where(l => l.StartsWith('{')))
        {
            using var doc = JsonDocument.Parse(json);
            var root = doc.RootElement;
            result.Add(new AnnMeasure(
                root.GetProperty("name").GetString()!, root.GetProperty("build_s").GetDouble(), root.GetProperty("p50_ms").GetDouble(), root.GetProperty("p99_ms").GetDouble(),
                root.GetProperty("recall").GetDouble(), root.GetProperty("qps2").GetDouble(), root.GetProperty("mem_mb").GetDouble(),
                double.NaN, root.TryGetProperty("family", out var family) ? family.GetString()! : root.GetProperty("name").GetString()!,
                root.TryGetProperty("qps_cpu", out var perCpu) ? perCpu.GetDouble() : double.NaN,
                root.TryGetProperty("build_cpu_s", out var buildCpu) ? buildCpu.GetDouble() : double.NaN));
        }

        return result;
    }
    finally
    {
        dir.Delete(recursive: true);
    }
}

static double Recall(long[][] found, IReadOnlyList<Neighbor>[] expected)
{
    var hits = 0;
    for (var i = 0; i < expected.Length; i++)
    {
        hits += found[i].Intersect(expected[i].Select(h => (long)h.Row)).Count();
    }

    return hits / (double)(K * expected.Length);
}

static string Inv(int value) => value.ToString(CultureInfo.InvariantCulture);

(double P50, double P99, IReadOnlyList<Neighbor>[] Hits) Time(ISimilarityIndex index, float[][] qs)
{
    for (var i = 0; i < 10; i++)
    {
        index.Search(qs[i], K); // warm-up (JIT, thread pool)
    }

    var times = new double[queries];
    var all = new IReadOnlyList<Neighbor>[queries];
    for (var i = 0; i < queries; i++)
    {
        var sw = Stopwatch.StartNew();
        var hits = index.Search(qs[i + 10], K);
        times[i] = sw.Elapsed.TotalMilliseconds;
        all[i] = hits;
        if (hits.Count != K)
        {
            throw new InvalidOperationException("wrong hit count");
        }
    }

    return (Percentile(times, 0.50), Percentile(times, 0.99), all);
}

(double P50, double P99) MeasureNumpy(int n)
{
    var json = RunPython(script, ["--n", Inv(n), "--dim", Inv(dim), "--queries", Inv(queries), "--k", Inv(K)]);
    if (json is null)
    {
        return (double.NaN, double.NaN);
    }

    using var doc = JsonDocument.Parse(json.Split('\n')[^1]);
    return (doc.RootElement.GetProperty("p50_ms").GetDouble(), doc.RootElement.GetProperty("p99_ms").GetDouble());
}

string? RunPython(string scriptPath, string[] scriptArgs)
{
    var psi = new ProcessStartInfo(python, [scriptPath, .. scriptArgs])
    {
        RedirectStandardOutput = true,
        RedirectStandardError = true,
    };
    psi.Environment["OMP_NUM_THREADS"] = threads.ToString(CultureInfo.InvariantCulture);
    psi.Environment["OPENBLAS_NUM_THREADS"] = threads.ToString(CultureInfo.InvariantCulture);
    psi.Environment["MKL_NUM_THREADS"] = threads.ToString(CultureInfo.InvariantCulture);
    using var p = Process.Start(psi)!;
    var stdout = p.StandardOutput.ReadToEnd();
    var stderr = p.StandardError.ReadToEnd();
    p.WaitForExit();
    if (p.ExitCode != 0)
    {
        Console.Error.WriteLine($"{Path.GetFileName(scriptPath)} failed: {stderr}");
        return null;
    }

    return stdout.Trim();
}

static double Percentile(double[] values, double q)
{
    var sorted = values.OrderBy(v => v).ToArray();
    var pos = q * (sorted.Length - 1);
    var lo = (int)Math.Floor(pos);
    var hi = Math.Min(sorted.Length - 1, lo + 1);
    return sorted[lo] + ((pos - lo) * (sorted[hi] - sorted[lo]));
}

static float Gaussian(Random rng)
{
    var u1 = 1.0 - rng.NextDouble();
    var u2 = rng.NextDouble();
    return (float)(Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
}

static string FindRepoRoot()
{
    var dir = new DirectoryInfo(AppContext.BaseDirectory);
    while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Timbre.sln")))
    {
        dir = dir.Parent;
    }

    return dir?.FullName ?? Directory.GetCurrentDirectory();
}

string Arg(string name, string fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
}

internal sealed record AnnMeasure(string Name, double BuildSeconds, double P50, double P99, double Recall, double Qps2, double MemMb, double GraphP50, string Family, double QpsCpu, double BuildCpuSeconds);

internal sealed record AnnRow(int N, IReadOnlyList<AnnMeasure> Measures);
