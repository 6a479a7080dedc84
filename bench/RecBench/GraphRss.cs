using System.Diagnostics;
using System.Globalization;
using Timbre.Recommendation.Similarity;

/// <summary>
/// Resident memory of a saved ANN graph as the product opens it (memory-mapped where the engine can): RSS (anonymous
/// and file-backed, from /proc/self/status) before, after opening and after the queries, and the queries' CPU time.
/// Queries are uniform random unit vectors (seeded), top-20 each. --save-to PATH saves the graph afterwards (the current format).
/// </summary>
internal static class GraphRss
{
    public static int Run(string path, int queries, string? saveTo)
    {
        Console.WriteLine($"start: {Rss()}");
        var sw = Stopwatch.StartNew();
        using var graph = AnnGraphs.Open(path, view: true);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"opened {graph.Count} rows × {graph.Dimension} in {sw.Elapsed.TotalSeconds:0.00} s: {Rss()}"));
        var rng = new Random(7);
        var q = new float[graph.Dimension];
        var keys = new ulong[20];
        var distances = new float[20];
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        sw.Restart();
        for (var i = 0; i < queries; i++)
        {
            for (var j = 0; j < q.Length; j++)
            {
                q[j] = (float)(rng.NextDouble() - 0.5);
            }

            graph.Search(VectorMath.Normalized(q), keys, distances);
            if (i + 1 is 10 or 100 && i + 1 < queries)
            {
                Console.WriteLine($"after {i + 1} queries: {Rss()}");
            }
        }

        var used = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"after {queries} queries ({sw.Elapsed.TotalSeconds:0.00} s wall, {used:0.00} CPU-s): {Rss()}"));
        if (saveTo is not null)
        {
            graph.Save(saveTo);
            Console.WriteLine($"saved to {saveTo}");
        }

        return 0;
    }

    private static string Rss()
    {
        var fields = File.ReadLines("/proc/self/status").Where(l => l.StartsWith("VmRSS", StringComparison.Ordinal) || l.StartsWith("Rss", StringComparison.Ordinal))
            .Select(l => l.Split(':', 2)).Select(p => $"{p[0]} {long.Parse(p[1].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1024} MB");
        return string.Join(", ", fields);
    }
}
