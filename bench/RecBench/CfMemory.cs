using System.Diagnostics;
using System.Globalization;
using Timbre.Core.Catalog;
using Timbre.Recommendation.Collaborative;
using Timbre.Recommendation.Domain;

/// <summary>
/// RecBench --cf-memory: the cluster's collaborative model (<see cref="UserKnnModel"/>) fitted over U users with a mean
/// of M interactions each (counts from 1 to 2M, tracks drawn by a Zipf-like popularity over T tracks, likes, plays and
/// ratings mixed), as the collaborative grain fits it from the catalog: managed heap before and after (the model
/// held), the process's peak working set (the fit's transient groups included), fit CPU time, and one user's scoring time.
/// </summary>
internal static class CfMemory
{
    public static int Run(int users, int mean, int tracks)
    {
        var process = Process.GetCurrentProcess();
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var cpu = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var held = Enumerable.Range(1, tracks).Select(i => (long)i).ToHashSet();
        var heldBytes = GC.GetTotalMemory(forceFullCollection: true) - before;
        var model = UserKnnModel.Fit(Interactions(users, mean, tracks), held);
        var fitSeconds = clock.Elapsed.TotalSeconds;
        var fitCpu = (process.TotalProcessorTime - cpu).TotalSeconds;
        held = null;
        var after = GC.GetTotalMemory(forceFullCollection: true);
        GC.KeepAlive(held);
        var scoring = Stopwatch.StartNew();
        var scored = 0;
        for (var u = 0; u < 100; u++)
        {
            scored += model.Scores((u * 997 % users).ToString(CultureInfo.InvariantCulture))?.Count ?? 0;
        }

        process.Refresh();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"users {model.UserCount}, items {model.ItemCount}, non-zero weights {model.Weights}; model heap {(after - before) / 1e6:F1} MB ({(double)(after - before) / model.Weights:F1} B per weight); " +
            $"held-id set during the fit {heldBytes / 1e6:F1} MB; peak working set {process.PeakWorkingSet64 / 1e6:F0} MB; fit {fitSeconds:F1} s wall, {fitCpu:F1} CPU-s; " +
            $"scoring {scoring.Elapsed.TotalMilliseconds / 100:F2} ms per user (mean {scored / 100} scored tracks)"));
        GC.KeepAlive(model);
        return 0;
    }

    private static IEnumerable<Interaction> Interactions(int users, int mean, int tracks)
    {
        var random = new Random(1);
        var at = DateTimeOffset.UnixEpoch;
        for (var u = 0; u < users; u++)
        {
            var user = u.ToString(CultureInfo.InvariantCulture);
            var count = random.Next(1, (2 * mean) + 1);
            for (var i = 0; i < count; i++)
            {
                // Zipf-like popularity: a few tracks are touched by many users (what makes neighbours).
                var track = 1 + (long)(tracks * Math.Pow(random.NextDouble(), 3));
                var kind = (InteractionKind)random.Next(0, 4);
                var value = kind switch { InteractionKind.Rating => random.Next(1, 6), InteractionKind.Play => random.Next(1, 10), _ => 1 };
                yield return new Interaction(user, track, kind, value, at.AddSeconds(i));
            }
        }
    }
}
