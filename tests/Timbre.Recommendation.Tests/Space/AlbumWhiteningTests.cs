using Timbre.Core.Catalog;
using Timbre.Evaluation.Retrieval;
using Timbre.Recommendation.Space;

namespace Timbre.Recommendation.Tests.Space;

/// <summary>Within-album whitening as a step of the stored space, and its evaluation with folds by album.</summary>
public sealed class AlbumWhiteningTests
{
    /// <summary>
    /// <paramref name="albums"/> albums × 8 tracks, 12 timbre dims: the album lives in dims 0–5 (album means of
    /// spread 1, track noise 0.3); a strong per-track "level" (spread 3) is added to dims 6–11 together, plus noise 0.3.
    /// Cosine on robust z-scores is dominated by the level; what varies within albums is that shared direction.
    /// </summary>
    private static (SpaceInput Input, string[] Albums) Library(int albums, int seed = 3)
    {
        var random = new Random(seed);
        var vectors = new List<float[]>();
        var labels = new List<string>();
        for (var a = 0; a < albums; a++)
        {
            var mean = Enumerable.Range(0, 6).Select(_ => Gaussian(random)).ToArray();
            for (var t = 0; t < 8; t++)
            {
                var level = 3 * Gaussian(random);
                vectors.Add([.. Enumerable.Range(0, 12).Select(j => (float)((j < 6 ? mean[j] : level) + (0.3 * Gaussian(random))))]);
                labels.Add($"album {a}");
            }
        }

        return (new SpaceInput(new SpaceSetRecord("summary", 1, 12), Enumerable.Repeat(EmbeddingBlocks.Timbre, 12).ToArray(), vectors), [.. labels]);
    }

    private static double Gaussian(Random r) => Math.Sqrt(-2 * Math.Log(1 - r.NextDouble())) * Math.Cos(2 * Math.PI * r.NextDouble());

    [Fact]
    public void EnoughAlbums_WhitenEachBlock_AndFewerThanTheMinimumSkipIt()
    {
        var (input, albums) = Library(6);

        var whitened = EmbeddingSpaceFitter.Fit([input], albums: albums);
        var few = EmbeddingSpaceFitter.Fit([input], albums: [.. albums.Select(a => a is "album 0" or "album 1" or "album 2" or "album 3" ? a : null)]);
        var off = EmbeddingSpaceFitter.Fit([input], new EmbeddingSpaceOptions { AlbumWhitening = false }, albums: albums);

        Assert.Equal(6, whitened.WhitenedAlbums);
        Assert.True(whitened.AlbumWhitening);
        Assert.Equal(12 * 12, whitened.AlbumProjection.Length);
        Assert.Empty(whitened.Blocks[0].Projection);
        Assert.Equal(12, new EmbeddingSpace(whitened).Dimension);
        Assert.Equal(0, few.WhitenedAlbums); // 4 albums < EmbeddingSpaceOptions.DefaultMinAlbums (5)
        Assert.Empty(few.AlbumProjection);
        Assert.Equal(0, off.WhitenedAlbums);
        Assert.Empty(off.AlbumProjection);
        Assert.Equal(4, EmbeddingSpaceFitter.CountAlbums([.. albums.Take(32)]));
        Assert.Throws<Core.Errors.InvalidOptionsException>(() => new EmbeddingSpaceOptions { MinAlbums = 1 }.Validate());
    }

    [Fact]
    public void CrossFitting_NeverLearnsFromAHeldOutAlbum_AndBeatsTheLabelFreeSpaceOnHeldOutAlbums()
    {
        var (input, albums) = Library(9);

        var folds = SpaceCrossFitting.Run([input], albums, EmbeddingSpaceOptions.Default, folds: 3, repeats: 2);

        Assert.Equal(6, folds.Count);
        foreach (var fold in folds)
        {
            var held = fold.Test.Select(i => albums[i]).ToHashSet();
            Assert.Equal(3, held.Count);
            Assert.All(Enumerable.Range(0, albums.Length), i => Assert.Equal(held.Contains(albums[i]), fold.Test.Contains(i))); // whole albums
            Assert.Equal(6, fold.WhitenedAlbums); // learned from the other 6 albums only
        }

        var learned = SpaceCrossFitting.Evaluate(folds, albums, 5);
        var plain = new EmbeddingSpace(EmbeddingSpaceFitter.Fit([input], new EmbeddingSpaceOptions { AlbumWhitening = false }));
        var baseline = RetrievalEvaluation.Evaluate([.. input.Vectors.Select(v => plain.Transform([v]))], albums, 5);
        Assert.Equal(albums.Length, learned.Queries.Count); // every track is a held-out query in some fold
        Assert.True(learned.Precision > baseline.Precision + 0.15, $"cross-fitted {learned.Precision:0.000} vs label-free {baseline.Precision:0.000}");
    }

    [Fact]
    public void EvaluateHeldOut_ScoresOnlyTheListedQueries_AndAveragesAQueryOverItsSpaces()
    {
        float[][] good = [[1, 0], [1, 0.1f], [0, 1], [0.1f, 1]];
        float[][] bad = [[1, 0], [0, 1], [1, 0.1f], [0.1f, 1]];
        string[] groups = ["a", "a", "b", "b"];

        var result = RetrievalEvaluation.EvaluateHeldOut([(good, [0, 1]), (bad, [0]), (good, [2, 3])], groups, 1);

        Assert.Equal([0, 1, 2, 3], result.Queries.Select(q => q.Index));
        Assert.Equal(0.5, result.Queries[0].Precision, 1e-12); // 1 in the good space, 0 in the bad one
        Assert.Equal(1.0, result.Queries[1].Precision, 1e-12);
        Assert.Equal(0.875, result.Precision, 1e-12);
    }
}
