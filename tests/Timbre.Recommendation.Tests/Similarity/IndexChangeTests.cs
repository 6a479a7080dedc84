using Timbre.Recommendation.Similarity;

namespace Timbre.Recommendation.Tests.Similarity;

public sealed class IndexChangeTests
{
    [Fact]
    public void WithRows_KeepsStoredRowsBitForBit_AndSearchesAsAFreshIndex()
    {
        var rng = new Random(3);
        float[] Vector() => Enumerable.Range(0, 8).Select(_ => (float)((rng.NextDouble() * 2) - 1)).ToArray();
        var vectors = Enumerable.Range(0, 50).Select(_ => Vector()).ToList();
        var ids = Enumerable.Range(100, 50).Select(i => (long)i).ToList();
        var index = new SimilarityIndex(ids, vectors);
        var added = Enumerable.Range(0, 5).Select(_ => Vector()).ToList();
        var removed = new HashSet<long> { 100, 120, 149 };

        var changed = index.WithRows([200, 201, 202, 203, 204], added, removed);

        var keptIds = ids.Where(i => !removed.Contains(i)).ToList();
        var fresh = new SimilarityIndex(
            keptIds.Concat([200L, 201, 202, 203, 204]).ToList(),
            vectors.Where((_, i) => !removed.Contains(ids[i])).Concat(added).ToList());
        Assert.Equal(fresh.Count, changed.Count);
        Assert.Equal(-1, changed.RowOf(120));
        foreach (var id in keptIds)
        {
            Assert.True(index.VectorAt(index.RowOf(id)).SequenceEqual(changed.VectorAt(changed.RowOf(id))));
        }

        var query = Vector();
        Assert.Equal(fresh.Search(query, 10).Select(n => n.Id), changed.Search(query, 10).Select(n => n.Id));
        Assert.Throws<ArgumentException>(() => index.WithRows([300], [new float[3]], new HashSet<long>()));
    }
}
