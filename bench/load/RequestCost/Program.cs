using System.Diagnostics;
using System.Globalization;
using Timbre.App.Snapshot;
using Timbre.Recommendation.Catalog;
using Timbre.Recommendation.Domain;
using Timbre.Recommendation.Similarity;
using Timbre.Storage;

// What one request costs the server, without HTTP: loads a catalog's snapshot as `timbre serve --model summary` does
// (wall, CPU, RSS), then times N requests of /similar (m1), /me/recommendations (profile) and a like, printing this
// thread's CPU time and the bytes allocated per request. As serve, it maps the snapshot file in CATALOG.ann (writing it
// first when missing or stale) and reads tags per shown row. "nowait" skips waiting for the HNSW graph (and /similar
// with it), so a large catalog's figures come without waiting for a graph build (one may run in the background).
// Usage: RequestCost CATALOG.db [N=300] [nowait]
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
if (args.Length < 1)
{
    Console.Error.WriteLine("Usage: RequestCost CATALOG.db [N=300] [nowait]");
    return 1;
}

var db = args[0];
var n = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 300;
var wait = args.Length <= 2 || args[2] != "nowait";
var clock = Stopwatch.StartNew();
var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
using var store = CatalogStores.Open(db, create: false);
var live = new LiveCatalog(SnapshotOptions.For("summary") with
{
    GraphDirectory = db + ".ann",
    Metadata = new CachedTrackMetadata(store.FindTrack, store.FindTrackByPath),
});
var snapshot = live.Load(store);
Console.WriteLine($"load: {clock.Elapsed.TotalSeconds:0.0} s wall, {(Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalSeconds:0.0} s CPU, {snapshot.Context.Tracks.Count} tracks, RSS {Environment.WorkingSet / 1048576} MB, GC heap {GC.GetTotalMemory(false) / 1048576} MB");
if (wait && snapshot.Context.Neighbours is AnnIndex ann)
{
    ann.Ready.Wait();
    Console.WriteLine($"graph ready at {clock.Elapsed.TotalSeconds:0.0} s, RSS {Environment.WorkingSet / 1048576} MB");
}

var users = snapshot.Context.Users.Take(200).ToArray();
var random = new Random(1);
if (wait)
{
    var m1 = snapshot.Recommender("m1");
    Measure("similar m1", _ => m1.Recommend(RecommendationRequest.ForSeeds([1 + random.Next(snapshot.Context.Tracks.Count)], 10)));
}

var profile = snapshot.Recommender("profile");
Measure("me/recommendations profile", i => profile.Recommend(RecommendationRequest.ForUser(users[i % users.Length], 10)));
var liked = 0L;
Measure("like (WithAddedInteractions)", i => snapshot = snapshot.WithAddedInteractions([Interaction.Like(users[i % users.Length], 1 + (liked++ % 1000))]));
return 0;

void Measure(string name, Action<int> request)
{
    for (var i = 0; i < 20; i++)
    {
        request(i);
    }

    var allocated = GC.GetTotalAllocatedBytes(true);
    var cpu = ThreadCpuMs();
    var wall = Stopwatch.StartNew();
    for (var i = 0; i < n; i++)
    {
        request(i);
    }

    Console.WriteLine($"{name}: {wall.Elapsed.TotalMilliseconds / n:0.00} ms wall, {(ThreadCpuMs() - cpu) / n:0.00} ms CPU, {(GC.GetTotalAllocatedBytes(true) - allocated) / n / 1024.0:0.0} KB allocated per request");
}

// This thread's CPU time (utime + stime of /proc/thread-self/stat, 10 ms ticks): a graph building in the background does not count.
static double ThreadCpuMs()
{
    var stat = File.ReadAllText("/proc/thread-self/stat");
    var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
    return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) * 10.0;
}
