using Timbre.Core.Catalog;
using Timbre.Recommendation.Domain;
using Timbre.Recommendation.Recommenders;
using Timbre.Recommendation.Space;

namespace Timbre.Recommendation.Tests.Space;

/// <summary>
/// The "why" of a recommendation in a fitted, fused space (summary timbre + harmony dimensions and a learned
/// embedding; robust z-score, block balancing, within-album whitening and mutual proximity as stored by a scan) names
/// the block a constructed pair agrees in: the candidate copies the seed in that block and sits at the library's
/// centre (z = 0) elsewhere.
/// </summary>
public sealed class FusedSpaceExplanationTests
{
    private const int Albums = 6, PerAlbum = 6, TimbreDims = 4, HarmonyDims = 4, LearnedDims = 5;

    [Theory]
    [InlineData(EmbeddingBlocks.Harmony, "close in harmony")]
    [InlineData(EmbeddingBlocks.Learned, "close in learned features")]
    [InlineData(EmbeddingBlocks.Timbre, "close in timbre")]
    public void AConstructedPair_IsExplainedByTheBlockItAgreesIn(string block, string expected)
    {
        var random = new Random(11);
        var (summary, learned, albums) = Library(random);
        string[] summaryBlocks = [.. Enumerable.Repeat(EmbeddingBlocks.Timbre, TimbreDims), .. Enumerable.Repeat(EmbeddingBlocks.Harmony, HarmonyDims)];
        var record = EmbeddingSpaceFitter.Fit(
            [
                new SpaceInput(new SpaceSetRecord("summary", 1, TimbreDims + HarmonyDims), summaryBlocks, summary),
                new SpaceInput(new SpaceSetRecord("contrastive-x", 1, LearnedDims), Enumerable.Repeat(EmbeddingBlocks.Learned, LearnedDims).ToArray(), learned),
            ],
            albums: albums);
        Assert.True(record.WhitenedAlbums > 0);
        var space = new EmbeddingSpace(record);

        // The seed is a library track; the candidate agrees with it in one block and is neutral (the median) elsewhere.
        var seedSummary = summary[0];
        var seedLearned = learned[0];
        var neutralSummary = Centre(seedSummary, record.Blocks.Where(b => b.Set == 0).ToList());
        var neutralLearned = Centre(seedLearned, record.Blocks.Where(b => b.Set == 1).ToList());
        float[] candidateSummary = [.. Enumerable.Range(0, TimbreDims + HarmonyDims).Select(j => summaryBlocks[j] == block ? seedSummary[j] : neutralSummary[j])];
        var candidateLearned = block == EmbeddingBlocks.Learned ? seedLearned : neutralLearned;

        var tracks = new List<TrackFeatures>();
        for (var i = 0; i < summary.Count; i++)
        {
            tracks.Add(Track(i + 1, space.Transform([summary[i], learned[i]]), space.Key));
        }

        const long candidateId = 1000;
        tracks.Add(Track(candidateId, space.Transform([candidateSummary, candidateLearned]), space.Key));
        var context = new RecommendationContext(space.Key, [], tracks, []) { Blocks = space.Blocks, ProximityOptions = space.Proximity };

        var recs = new SimilarSongsRecommender(context).Recommend(RecommendationRequest.ForSeeds([1], tracks.Count - 1));

        var why = recs.Single(r => r.TrackId == candidateId).Why;
        Assert.Contains(expected, why, StringComparison.Ordinal);
    }

    /// <summary>The raw vector whose robust z-score is 0 in every dimension (the fitted centres) of the set's blocks.</summary>
    private static float[] Centre(float[] x, IReadOnlyList<SpaceBlockRecord> blocks)
    {
        var result = (float[])x.Clone();
        foreach (var b in blocks)
        {
            for (var j = 0; j < b.Dimensions.Length; j++)
            {
                result[b.Dimensions[j]] = b.Centre[j];
            }
        }

        return result;
    }

    private static (List<float[]> Summary, List<float[]> Learned, string[] Albums) Library(Random random)
    {
        List<float[]> summary = [], learned = [];
        var albums = new List<string>();
        for (var a = 0; a < Albums; a++)
        {
            var mean = Enumerable.Range(0, TimbreDims + HarmonyDims + LearnedDims).Select(_ => Gaussian(random)).ToArray();
            for (var t = 0; t < PerAlbum; t++)
            {
                var v = mean.Select(m => (float)(m + (0.5 * Gaussian(random)))).ToArray();
                summary.Add(v[..(TimbreDims + HarmonyDims)]);
                learned.Add(v[(TimbreDims + HarmonyDims)..]);
                albums.Add($"album {a}");
            }
        }

        return (summary, learned, [.. albums]);
    }

    private static TrackFeatures Track(long id, float[] embedding, string key) =>
        new(id, $"t{id}", "", "", $"/lib/t{id}.wav", 60, [], embedding) { FeatureVersion = key };

    private static double Gaussian(Random r) => Math.Sqrt(-2 * Math.Log(1 - r.NextDouble())) * Math.Cos(2 * Math.PI * r.NextDouble());
}
