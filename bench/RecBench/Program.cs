// Top-10 exact cosine query latency of SimilarityIndex (float32 scan) and QuantizedExactIndex (int8 scan + exact
// float32 re-score, identical results) vs a numpy brute force, in one run.
// Usage: dotnet run -c Release --project bench/RecBench [-- --sizes 10000,100000,1000000 --dim 128 --queries 200 --threads 2]
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Timbre.Recommendation.Similarity;

var sizes = Arg("--sizes", "10000,100000,1000000").Split(',').Select(int.Parse).ToArray();
var dim = int.Parse(Arg("--dim", "128"), CultureInfo.InvariantCulture);
var queries = int.Parse(Arg("--queries", "200"), CultureInfo.InvariantCulture);
var threads = int.Parse(Arg("--threads", "2"), CultureInfo.InvariantCulture);
var python = Arg("--python", "/usr/bin/python3");
var script = Arg("--script", Path.Combine(FindRepoRoot(), "bench", "rec_numpy.py"));
const int K = 10;

Console.WriteLine($"top-{K} exact cosine, dim {dim}, {queries} queries per size, {threads} threads, {Environment.ProcessorCount} cores");
var rows = new List<(int N, double P50, double P99, double QP50, double QP99, double NpP50, double NpP99)>();
var batched = new List<(int N, double PerQuery)>();
foreach (var n in sizes)
{
    var (p50, p99, q50, q99) = MeasureDotnet(n);
    GC.Collect();
    var (np50, np99) = MeasureNumpy(n);
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

var big = rows.Where(r => r.N >= 1_000_000).ToList();
if (big.Count > 0)
{
    var best = Math.Min(big[0].P50, big[0].QP50);
    Console.WriteLine(best <= 30 ? $"goal met: exact p50 {best:0.0} ms <= 30 ms at 1M" : $"goal missed: exact p50 {best:0.0} ms > 30 ms at 1M");
}

return 0;

(double P50, double P99, double QP50, double QP99) MeasureDotnet(int n)
{
    var rng = new Random(1234);
    var matrix = new float[(long)n * dim];
    for (long i = 0; i < matrix.LongLength; i++)
    {
        matrix[i] = Gaussian(rng);
    }

    var ids = Enumerable.Range(0, n).Select(i => (long)i).ToArray();
    var options = new SimilarityIndexOptions { MaxDegreeOfParallelism = threads };
    var qs = Enumerable.Range(0, queries + 10).Select(_ => Enumerable.Range(0, dim).Select(_ => Gaussian(rng)).ToArray()).ToArray();
    var quantized = new QuantizedExactIndex(ids, (float[])matrix.Clone(), dim, options);
    var exact = new SimilarityIndex(ids, matrix, dim, options);
    var (p50, p99, expected) = Time(exact, qs);
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

    return (p50, p99, q50, q99);
}

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
    var psi = new ProcessStartInfo(python, [script, "--n", n.ToString(CultureInfo.InvariantCulture), "--dim", dim.ToString(CultureInfo.InvariantCulture), "--queries", queries.ToString(CultureInfo.InvariantCulture), "--k", K.ToString(CultureInfo.InvariantCulture)])
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
        Console.Error.WriteLine($"numpy run failed: {stderr}");
        return (double.NaN, double.NaN);
    }

    using var doc = JsonDocument.Parse(stdout.Trim().Split('\n')[^1]);
    return (doc.RootElement.GetProperty("p50_ms").GetDouble(), doc.RootElement.GetProperty("p99_ms").GetDouble());
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
