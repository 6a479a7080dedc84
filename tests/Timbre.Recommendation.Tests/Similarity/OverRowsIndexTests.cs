using Timbre.Recommendation.Similarity;

namespace Timbre.Recommendation.Tests.Similarity;

/// <summary>An index over the caller's row arrays (vectors held once) scores as the matrix index does.</summary>
public sealed class OverRowsIndexTests
{
    [Theory]
    [InlineData(SimilarityMetric.Cosine, true)]
    [InlineData(SimilarityMetric.Euclidean, false)]
    public void OverRows_ScoresBitIdenticallyToTheMatrixIndex_AndNormalisesTheRowsInPlace(SimilarityMetric metric, bool normalize)
    {
        var vectors = AnnIndexTests.Clustered(300, 12, clusters: 5, seed: 8);
        var ids = Enumerable.Range(1, vectors.Length).Select(i => (long)i).ToArray();
        var options = new SimilarityIndexOptions { Metric = metric, Normalize = normalize };
        var matrix = new SimilarityIndex(ids, vectors, options); // copies
        var rows = vectors.Select(v => v.ToArray()).ToArray();
        var over = SimilarityIndex.OverRows(ids, rows, options);

        var a = new float[ids.Length];
        var b = new float[ids.Length];
        matrix.ScoreAll(vectors[7], a);
        over.ScoreAll(vectors[7], b);
        Assert.Equal(a, b);
        Assert.Equal(matrix.Search(vectors[3], 10).Select(n => (n.Id, n.Score)), over.Search(vectors[3], 10).Select(n => (n.Id, n.Score)));
        Assert.True(over.VectorAt(5) == rows[5].AsSpan()); // the same memory, not a copy
        if (normalize)
        {
            Assert.Equal(1f, System.Numerics.Tensors.TensorPrimitives.Norm(rows[5]), 1e-5f);
        }
    }

    [Fact]
    public void OverRows_WithRows_SharesKeptRows_AndEqualsTheMatrixIndexUpdatedTheSameWay()
    {
        var vectors = AnnIndexTests.Clustered(200, 8, clusters: 4, seed: 9);
        var ids = Enumerable.Range(1, vectors.Length).Select(i => (long)i).ToArray();
        var over = SimilarityIndex.OverRows(ids, vectors.Select(v => v.ToArray()).ToArray());
        var matrix = new SimilarityIndex(ids, vectors);
        var added = AnnIndexTests.Clustered(3, 8, clusters: 1, seed: 10);
        var removed = new HashSet<long> { 4, 100 };

        var over2 = over.WithRows([501, 502, 503], added.Select(v => v.ToArray()).ToArray(), removed);
        var matrix2 = matrix.WithRows([501, 502, 503], added, removed);

        Assert.Equal(matrix2.Count, over2.Count);
        Assert.True(over2.VectorAt(over2.RowOf(7)) == over.VectorAt(over.RowOf(7))); // shared
        var a = new float[matrix2.Count];
        var b = new float[over2.Count];
        matrix2.ScoreAll(added[1], a);
        over2.ScoreAll(added[1], b);
        Assert.Equal(a, b);
        Assert.Throws<ArgumentException>(() => SimilarityIndex.OverRows([1, 2], [[1f, 0f], [1f]]));
    }
}
