using System.Collections.Concurrent;
using Timbre.Recommendation.Domain;
using Timbre.Recommendation.Similarity;

namespace Timbre.Recommendation.Tests.Similarity;

/// <summary>The graph persisted next to the catalog: reopened, moved onto a changed catalog, saved after changes, rebuilt when broken.</summary>
public sealed class AnnGraphFileTests : IDisposable
{
    private static readonly string[] Genres = ["a", "b"];
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("timbre-ann-");
    private readonly ConcurrentQueue<string> _log = new();
    private readonly float[][] _vectors = AnnIndexTests.Clustered(1_600, 16, clusters: 8, seed: 71);

    public void Dispose() => _dir.Delete(recursive: true);

    private string File => Path.Combine(_dir.FullName, "v1.usearch");

    private SimilarityIndexOptions Options => new()
    {
        Approximate = new AnnIndexOptions { Threshold = 500, GraphFile = File, Log = _log.Enqueue, SaveDelay = TimeSpan.FromMilliseconds(50) },
    };

    private static TrackFeatures[] Tracks(float[][] vectors, int from = 1)
        => vectors.Select((v, i) => Fixtures.Track(from + i, v, [0.5f, 0.5f])).ToArray();

    private async Task<(RecommendationContext Context, AnnIndex Ann)> Open(TrackFeatures[] tracks)
    {
        _log.Clear();
        var context = new RecommendationContext("v1", Genres, tracks, [], indexOptions: Options);
        var ann = Assert.IsType<AnnIndex>(context.Neighbours);
        await ann.Ready.WaitAsync(TimeSpan.FromSeconds(60));
        return (context, ann);
    }

    private static long[][] Answers(ISimilarityIndex index, IEnumerable<float[]> queries)
        => queries.Select(q => index.Search(q, 10).Select(h => h.Id).ToArray()).ToArray();

    [Fact]
    public async Task AGraphBuiltOnceIsReopenedWithIdenticalResults()
    {
        var (_, built) = await Open(Tracks(_vectors[..1_000]));
        Assert.Contains(_log, l => l.Contains("none at", StringComparison.Ordinal));
        Assert.Contains(_log, l => l.Contains("built over 1000 tracks", StringComparison.Ordinal));
        Assert.True(System.IO.File.Exists(File));
        Assert.True(built.GraphIsMapped); // saved, then mapped from the file in place of the heap copy

        var (_, reopened) = await Open(Tracks(_vectors[..1_000]));
        Assert.Contains(_log, l => l.Contains("opened", StringComparison.Ordinal) && l.Contains("0 added, 0 removed", StringComparison.Ordinal));
        Assert.DoesNotContain(_log, l => l.Contains("built over", StringComparison.Ordinal));
        Assert.Equal(Answers(built, _vectors[1_000..1_100]), Answers(reopened, _vectors[1_000..1_100]));
        Assert.Equal(0, reopened.GraphVersion); // memory-mapped as saved, no change applied
    }

    [Fact]
    public async Task AChangedCatalogMovesTheSavedGraphAndIncrementalChangesAreSaved()
    {
        await Open(Tracks(_vectors[..1_000]));

        // 100 tracks added, 20 removed, 5 re-analysed (new vectors under old ids): applied to the saved graph, not rebuilt.
        var changed = Tracks(_vectors[..1_000]).Where(t => t.Id > 20).Select(t => t.Id <= 25 ? t with { Embedding = _vectors[1_500 + (int)t.Id] } : t)
            .Concat(Tracks(_vectors[1_000..1_100], from: 1_001)).ToArray();
        var (context, ann) = await Open(changed);
        Assert.Contains(_log, l => l.Contains("105 added, 25 removed", StringComparison.Ordinal));
        Assert.True(ann.GraphIsMapped); // the changes were saved and the saved graph mapped again
        Assert.Equal(1_080, ann.Count);
        var exact = new SimilarityIndex(changed.Select(t => t.Id).ToArray(), changed.Select(t => t.Embedding).ToArray());
        var queries = _vectors[1_100..1_200];
        Assert.InRange(Recall(Answers(exact, queries), Answers(ann, queries)), 0.95, 1.0);

        // A live change (an upload) is saved after the delay: the next start opens it with nothing to apply.
        var grown = context.WithTracks(Tracks(_vectors[1_200..1_210], from: 2_001), new HashSet<long> { 30 });
        var grownAnswers = Answers(grown.Neighbours, queries);
        await WaitFor(() => RowsFileCount() == 1_089);
        var (_, reopened) = await Open([.. changed.Where(t => t.Id != 30), .. Tracks(_vectors[1_200..1_210], from: 2_001)]);
        Assert.Contains(_log, l => l.Contains("0 added, 0 removed", StringComparison.Ordinal));
        Assert.Equal(grownAnswers, Answers(reopened, queries));
    }

    [Theory]
    [InlineData("truncated graph")]
    [InlineData("zeroed graph header")]
    [InlineData("corrupt graph links")]
    [InlineData("garbage rows file")]
    [InlineData("other dimension")]
    public async Task ABrokenOrStaleGraphIsRebuiltWithoutACrash(string damage)
    {
        var (_, built) = await Open(Tracks(_vectors[..1_000]));
        var queries = _vectors[1_000..1_100];

        // The built graph now reads its saved file through a mapping, so it is searched before the file is damaged in
        // place (saves never write in place: they rename a new file over it, which a mapping does not see).
        var before = Answers(built, queries);
        switch (damage)
        {
            case "truncated graph":
                using (var f = new FileStream(File, FileMode.Open))
                {
                    f.SetLength(f.Length / 2);
                }

                break;
            case "zeroed graph header":
                using (var f = new FileStream(File, FileMode.Open))
                {
                    f.Write(new byte[256]);
                }

                break;
            case "corrupt graph links":
                HnswGraphTests.CorruptFirstLinkCount(File); // same length: the rows file still matches
                break;
            case "garbage rows file":
                System.IO.File.WriteAllBytes(File + ".rows", [1, 2, 3, 4, 5]);
                break;
            default:
                await Open(Tracks(_vectors[..1_000].Select(v => v[..8]).ToArray())); // another embedding size saved over it
                break;
        }

        var (_, rebuilt) = await Open(Tracks(_vectors[..1_000]));
        Assert.Contains(_log, l => l.Contains("rebuilding", StringComparison.Ordinal) && l.Contains(File, StringComparison.Ordinal));
        Assert.Contains(_log, l => l.Contains("built over 1000 tracks", StringComparison.Ordinal));
        Assert.InRange(Recall(before, Answers(rebuilt, queries)), 0.95, 1.0);
    }

    private static double Recall(long[][] want, long[][] got)
        => want.Zip(got).Sum(p => p.First.Intersect(p.Second).Count()) / (double)want.Sum(w => w.Length);

    private int RowsFileCount()
    {
        try
        {
            var bytes = System.IO.File.ReadAllBytes(File + ".rows");
            return BitConverter.ToInt32(bytes, 8);
        }
        catch (IOException)
        {
            return -1;
        }
    }

    private static async Task WaitFor(Func<bool> condition)
    {
        var until = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < until, "timed out");
            await Task.Delay(20);
        }
    }
}
