// Crash-test child: writes the synthetic library into a catalog in batches, the way a scan does (skip what is
// already analysed, save each batch in one transaction), printing one line per committed batch.
// Usage: Timbre.Storage.CrashWriter CATALOG(file or postgresql://…) TOTAL BATCH DIM [PAUSE_AT_BATCH] [BATCH_DELAY_MS]
// With PAUSE_AT_BATCH = k, the k-th batch written by this run (0-based) stops half-way, INSIDE its open transaction,
// prints "PAUSED" and waits forever, so the parent can kill it at a known point. Lines printed:
// "COMMITTED <tracks saved by this run so far>", "PAUSED", "DONE <tracks saved by this run>".
// BATCH_DELAY_MS sleeps half-way through each batch, inside its transaction, so that a fast machine cannot finish the
// whole library before the parent's kill lands.
using Timbre.Core.Catalog;
using Timbre.Storage;
using Timbre.Storage.CrashWriter;

var catalogPath = args[0];
var total = int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture);
var batchSize = int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture);
var dim = int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture);
var pauseAt = args.Length > 4 ? int.Parse(args[4], System.Globalization.CultureInfo.InvariantCulture) : -1;
var batchDelayMs = args.Length > 5 ? int.Parse(args[5], System.Globalization.CultureInfo.InvariantCulture) : 0;

using var store = CatalogStores.Open(catalogPath, create: true);
var scan = store.BeginScan("/library");
var pending = new List<int>(batchSize);
var unchanged = new List<string>(batchSize);
var saved = 0;
var batchIndex = 0;
for (var i = 0; i < total; i++)
{
    var t = SyntheticLibrary.Track(i);
    if (!store.NeedsAnalysis(t.Path, t.SizeBytes, t.ModifiedUtc, null, SyntheticLibrary.ModelId, SyntheticLibrary.FeatureVersion))
    {
        unchanged.Add(t.Path);
        if (unchanged.Count == batchSize)
        {
            store.MarkSeen(scan, unchanged);
            unchanged.Clear();
        }

        continue;
    }

    pending.Add(i);
    if (pending.Count == batchSize)
    {
        Flush();
    }
}

if (pending.Count > 0)
{
    Flush();
}

store.MarkSeen(scan, unchanged);
store.MarkMissingNotSeen(scan, "/library");

store.FinishScan(scan);
Console.Out.WriteLine($"DONE {saved}");
Console.Out.Flush();
return 0;

void Flush()
{
    var items = pending.ToArray();
    var pauseHere = batchIndex == pauseAt;
    store.SaveAnalysesBatch(Items());
    pending.Clear();
    saved += items.Length;
    batchIndex++;
    Console.Out.WriteLine($"COMMITTED {saved}");
    Console.Out.Flush();

    // Lazily produced, so the transaction is open while items are generated (as in a scan that analyses as it goes).
    IEnumerable<(TrackRecord, AnalysisRecord)> Items()
    {
        for (var k = 0; k < items.Length; k++)
        {
            if (pauseHere && k == items.Length / 2)
            {
                Console.Out.WriteLine("PAUSED");
                Console.Out.Flush();
                Thread.Sleep(Timeout.Infinite);
            }

            if (batchDelayMs > 0 && k == items.Length / 2)
            {
                Thread.Sleep(batchDelayMs);
            }

            yield return (SyntheticLibrary.Track(items[k]), SyntheticLibrary.Analysis(items[k], dim));
        }
    }
}
