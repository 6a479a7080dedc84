using System.Runtime.InteropServices;
using Timbre.Recommendation.Similarity;

namespace Timbre.Recommendation.Tests.Similarity;

/// <summary>
/// An index over rows in a file (<see cref="SimilarityIndex.OverFile"/>, read with positioned reads) scores as the
/// in-memory index does, bit for bit, before and after rows are appended and removed; the approximate index over it
/// (int8 graph walk, float32 re-rank of the candidates read from the file) keeps recall@10 ≥ 0.95.
/// </summary>
public sealed class FileIndexTests : IDisposable
{
    private const long Offset = 64;
    private readonly string _dir = Directory.CreateTempSubdirectory("timbre-fileindex-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData(SimilarityMetric.Cosine, true, 357)]
    [InlineData(SimilarityMetric.Cosine, true, 12)]
    [InlineData(SimilarityMetric.Euclidean, false, 12)]
    public void OverFile_ScoresBitIdenticallyToTheMatrixIndex_BeforeAndAfterRowsChange(SimilarityMetric metric, bool normalize, int d)
    {
        var options = new SimilarityIndexOptions { Metric = metric, Normalize = normalize };
        var memory = new SimilarityIndex(Ids(700), AnnIndexTests.Clustered(700, d, clusters: 6, seed: 5), options);
        var file = SimilarityIndex.OverFile(Ids(700), Write(memory), hashes: null, options);
        AssertSame(memory, file, d);

        var added = AnnIndexTests.Clustered(3, d, clusters: 1, seed: 6);
        var removed = new HashSet<long> { 2, 300, 301, 699 }; // gaps split the runs a scan reads in one go
        AssertSame(memory.WithRows([901, 902, 903], added, removed), file.WithRows([901, 902, 903], [.. added.Select(v => v.ToArray())], removed), d);
    }

    [Fact]
    public void AnnOverAFile_KeepsRecallAt10AtLeast95Percent_AndTheExactScores()
    {
        const int n = 6_000, d = 48, queries = 200;
        var all = AnnIndexTests.Clustered(n + queries, d, clusters: 60, seed: 17);
        var memory = new SimilarityIndex(Ids(n), all[..n]);
        var file = SimilarityIndex.OverFile(Ids(n), Write(memory), hashes: null);
        var ann = new AnnIndex(file, new AnnIndexOptions { Engine = AnnEngine.Hnsw, BuildThreads = 1 });
        var hits = 0;
        foreach (var q in all[n..])
        {
            var got = ann.Search(q, 10);
            var want = memory.Search(q, 10);
            hits += got.Select(h => h.Id).Intersect(want.Select(h => h.Id)).Count();
            foreach (var h in got)
            {
                Assert.Equal(memory.ScoreQuery(q, memory.RowOf(h.Id)), h.Score, 1e-6f);
            }
        }

        Assert.True(hits / (10.0 * queries) >= 0.95, $"recall@10 = {hits / (10.0 * queries):F4}");
    }

    [Fact]
    public void BadInput_Throws()
    {
        var memory = new SimilarityIndex(Ids(10), AnnIndexTests.Clustered(10, 4, clusters: 1, seed: 1));
        var matrix = Write(memory);
        var path = Path.Combine(_dir, "rows.bin");
        Assert.Throws<ArgumentException>(() => new FileMatrix(path, Offset, 11, 4)); // longer than the file
        Assert.Throws<ArgumentOutOfRangeException>(() => matrix.Read(8, 3, new float[12]));
        Assert.Throws<ArgumentOutOfRangeException>(() => matrix.Row(-1));
        Assert.Throws<ArgumentException>(() => SimilarityIndex.OverFile(Ids(9), matrix, hashes: null));
    }

    private static long[] Ids(int n) => [.. Enumerable.Range(1, n).Select(i => (long)i)];

    private static void AssertSame(SimilarityIndex memory, SimilarityIndex file, int d)
    {
        Assert.Equal(memory.Count, file.Count);
        var q = AnnIndexTests.Clustered(1, d, clusters: 1, seed: 99)[0];
        var a = new float[memory.Count];
        var b = new float[file.Count];
        memory.ScoreAll(q, a);
        file.ScoreAll(q, b);
        Assert.Equal(a, b);
        Assert.Equal(memory.Search(q, 10).Select(n => (n.Id, n.Score)), file.Search(q, 10).Select(n => (n.Id, n.Score)));
        for (var r = 0; r < memory.Count; r += 37)
        {
            Assert.True(memory.VectorAt(r).SequenceEqual(file.VectorAt(r)));
            Assert.Equal(memory.ScoreRows(r, 0), file.ScoreRows(r, 0));
        }
    }

    /// <summary>The rows of <paramref name="index"/> after <see cref="Offset"/> header bytes, as the snapshot file lays them.</summary>
    private FileMatrix Write(SimilarityIndex index)
    {
        var path = Path.Combine(_dir, "rows.bin");
        using (var stream = File.Create(path))
        {
            stream.Write(new byte[Offset]);
            for (var r = 0; r < index.Count; r++)
            {
                stream.Write(MemoryMarshal.AsBytes(index.VectorAt(r)));
            }
        }

        return new FileMatrix(path, Offset, index.Count, index.Dimension);
    }
}
