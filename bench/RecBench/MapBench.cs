using System.Diagnostics;
using System.Globalization;
using Timbre.Recommendation.Projection;

/// <summary>
/// The library map's layout (PCA to 50, then t-SNE) of n synthetic rows shaped like <c>timbre catalog synth</c>'s
/// (10 genre centres σ = 1, an offset of σ = 0.5 per artist of ~50 tracks, noise σ = 0.5 per value, unit rows, seeded):
/// wall and CPU of each step, peak RSS, the 10-nearest neighbours the map keeps on a sample and, with approximate
/// neighbours, their recall against an exact search of the sampled rows. One method per process, so peak RSS is its own.
/// <c>--exact-rows R</c> times only the exact neighbour search of R rows (of all n) and extrapolates it to n.
/// </summary>
internal static class MapBench
{
    public static int Run(int n, int dim, string method, int? iterations, int exactRows, int sample, int seed)
    {
        Console.WriteLine(Inv($"map bench: n = {n:N0} × {dim}, method {method}, load {Load()}"));
        var vectors = Synthetic(n, dim, seed);
        var clock = Stopwatch.StartNew();
        var cpu = Cpu();
        var pca = Pca.Fit(vectors, LibraryProjection.PcaComponents);
        var reduced = new double[n][];
        Parallel.For(0, n, i => reduced[i] = pca.Transform(vectors[i]));
        vectors = null!;
        GC.Collect();
        Console.WriteLine(Inv($"pca to 50:        {clock.Elapsed.TotalSeconds,8:0.0} s wall {Cpu() - cpu,8:0.0} CPU-s"));
        var perplexity = 30.0;
        var k = Math.Min(n - 1, (int)(3 * perplexity) + 1);
        if (exactRows > 0)
        {
            var rows = Math.Min(exactRows, n);
            clock.Restart();
            cpu = Cpu();
            Parallel.For(0, rows, i => TSne.Nearest(reduced, i, k));
            var wall = clock.Elapsed.TotalSeconds;
            var used = Cpu() - cpu;
            Console.WriteLine(Inv($"exact neighbours of {rows:N0} rows: {wall:0.0} s wall {used:0.0} CPU-s → all {n:N0}: ≈ {wall * n / rows / 60:0.0} min wall, {used * n / rows / 60:0.0} CPU-min (extrapolated), load {Load()}"));
            return 0;
        }

        var options = new TSneOptions { ApproximateFrom = method == "exact" ? int.MaxValue : 4 };
        if (iterations is { } it)
        {
            options = options with { Iterations = it, LargeIterations = it, ExaggerationIterations = Math.Min(options.ExaggerationIterations, it / 3) };
        }

        double recall = double.NaN;
        var neighboursAt = TimeSpan.Zero;
        var neighboursCpu = 0.0;
        var recallWall = TimeSpan.Zero;
        var recallCpu = 0.0;
        clock.Restart();
        cpu = Cpu();
        var layout = TSne.Embed(reduced, options, null, found =>
        {
            neighboursAt = clock.Elapsed;
            neighboursCpu = Cpu() - cpu;
            if (method != "exact")
            {
                var check = Stopwatch.StartNew();
                var checkCpu = Cpu();
                recall = Recall(reduced, found, k, sample, seed);
                recallWall = check.Elapsed;
                recallCpu = Cpu() - checkCpu;
            }
        }, CancellationToken.None);
        var total = clock.Elapsed - recallWall;
        var totalCpu = Cpu() - cpu - recallCpu;
        var iterationCount = method == "exact" ? options.Iterations : options.LargeIterations;
        var recallText = double.IsNaN(recall) ? "" : Inv($", recall@{k} vs exact {recall:0.0000} ({sample} rows)");
        Console.WriteLine(Inv($"neighbours (k = {k}): {neighboursAt.TotalSeconds,8:0.0} s wall {neighboursCpu,8:0.0} CPU-s{recallText}"));
        Console.WriteLine(Inv($"t-SNE after them: {(total - neighboursAt).TotalSeconds,8:0.0} s wall {totalCpu - neighboursCpu,8:0.0} CPU-s ({iterationCount} iterations, {(total - neighboursAt).TotalSeconds / iterationCount:0.000} s each)"));
        Console.WriteLine(Inv($"layout in all:    {total.TotalSeconds,8:0.0} s wall {totalCpu,8:0.0} CPU-s (recall check excluded: {recallWall.TotalSeconds:0.0} s); peak RSS {PeakRss()}"));
        var kept = NeighbourPreservation.SampledScore(reduced, layout, 10, sample, seed);
        Console.WriteLine(Inv($"10-NN kept (of the PCA-50 rows, {sample} sampled points): {kept:0.0000} (chance {10.0 / (n - 1):0.00000}); load {Load()}"));
        return 0;
    }

    /// <summary>Mean fraction of a sampled row's exact k nearest that <paramref name="found"/> holds.</summary>
    private static double Recall(double[][] rows, int[][] found, int k, int sample, int seed)
    {
        var points = Enumerable.Range(0, rows.Length).ToArray();
        new Random(seed).Shuffle(points);
        points = points[..Math.Min(sample, points.Length)];
        var hits = new double[points.Length];
        Parallel.For(0, points.Length, p =>
        {
            var exact = TSne.Nearest(rows, points[p], k).Index;
            hits[p] = (double)exact.Intersect(found[points[p]]).Count() / exact.Length;
        });
        return hits.Average();
    }

    private static float[][] Synthetic(int n, int dim, int seed)
    {
        var random = new Random(seed);
        var centres = Enumerable.Range(0, 10).Select(_ => Gaussian(random, dim, 1)).ToArray();
        var rows = new float[n][];
        float[] artist = [];
        var genre = 0;
        for (var i = 0; i < n; i++)
        {
            if (i % 50 == 0)
            {
                genre = random.Next(centres.Length);
                artist = Gaussian(random, dim, 0.5);
            }

            var row = new float[dim];
            var norm = 0.0;
            for (var d = 0; d < dim; d++)
            {
                row[d] = centres[genre][d] + artist[d] + (float)(0.5 * Normal(random));
                norm += row[d] * row[d];
            }

            var inverse = (float)(1 / Math.Sqrt(norm));
            for (var d = 0; d < dim; d++)
            {
                row[d] *= inverse;
            }

            rows[i] = row;
        }

        return rows;
    }

    private static float[] Gaussian(Random random, int dim, double sigma) => [.. Enumerable.Range(0, dim).Select(_ => (float)(sigma * Normal(random)))];

    private static double Normal(Random r) => Math.Sqrt(-2 * Math.Log(1 - r.NextDouble())) * Math.Cos(2 * Math.PI * r.NextDouble());

    private static double Cpu() => Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;

    private static string Load() => File.ReadAllText("/proc/loadavg").Split(' ')[0..3].Aggregate((a, b) => a + " " + b);

    private static string PeakRss()
    {
        var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal)) ?? "VmHWM: 0 kB";
        return Inv($"{long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0 / 1024.0:0.00} GB");
    }

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
