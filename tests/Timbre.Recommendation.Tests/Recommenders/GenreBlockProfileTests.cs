using Timbre.Experiments.Simulation;
using Timbre.Recommendation.Domain;
using Timbre.Recommendation.Recommenders;

namespace Timbre.Recommendation.Tests.Recommenders;

/// <summary>
/// The profile method's block search (<see cref="GenreBlocks"/>) on a seeded clustered catalog: the rows it scores
/// hold the exact top k (recall@k 1.0 against a sort of every row's Z, scores within 1e-6), it scores fewer rows than the catalog, and
/// recommendations through it equal the full scan's (ids and explanations; scores within 1e-6) under filters and diversity.
/// </summary>
public sealed class GenreBlockProfileTests
{
    private const float Ulps = 1e-6f;

    private static readonly SyntheticCatalogOptions Catalog = new() { Genres = 10, TracksPerGenre = 400, Dimension = 16, Seed = 11, Spread = 0.6, Temperature = 4 };

    [Theory]
    [InlineData(1)]
    [InlineData(50)]
    [InlineData(500)]
    public void Best_rows_hold_the_exact_top_k_and_skip_most_blocks(int k)
    {
        var tracks = SyntheticCatalog.Tracks(Catalog);
        var table = GenreRowTable.Of(tracks, Catalog.Genres);
        Assert.Null(table.GroupOfRow);
        var blocks = table.Blocks(Catalog.Genres);
        var random = new Random(5);
        for (var trial = 0; trial < 20; trial++)
        {
            var q = new float[table.Stride];
            for (var j = 0; j < Catalog.Genres; j++)
            {
                q[j] = (float)(random.NextDouble() < 0.7 ? random.NextDouble() * random.NextDouble() : -0.1 * random.NextDouble());
            }

            var all = new float[tracks.Count];
            ProfileRecommender.ScoreAgainst(table, q[..Catalog.Genres], all);
            var kth = all.OrderDescending().ElementAt(k - 1);
            var (rows, scores) = blocks.Best(q, System.Numerics.Tensors.TensorPrimitives.Norm(q), k);

            // Every row above the k-th and none below it (within the last bits the JIT may round differently).
            Assert.Subset(rows.ToHashSet(), Enumerable.Range(0, all.Length).Where(r => all[r] > kth + Ulps).ToHashSet());
            Assert.Subset(Enumerable.Range(0, all.Length).Where(r => all[r] >= kth - Ulps).ToHashSet(), rows.ToHashSet());
            Assert.True(rows.Length >= k);
            for (var i = 0; i < rows.Length; i++)
            {
                Assert.Equal(all[rows[i]], scores[i], Ulps);
            }

            Assert.True(rows.Length < tracks.Count / 2, $"the bounds pruned nothing: {rows.Length} rows kept");
        }
    }

    [Fact]
    public void Recommendations_through_the_blocks_equal_the_full_scan()
        => AssertSameAsScan(SyntheticCatalog.Tracks(Catalog), scoresWithin: Ulps);

    [Fact]
    public void Recommendations_from_a_grouped_table_equal_the_full_scan_bit_for_bit()
    {
        // A tagged catalog: one one-hot row per label, so the table holds ten distinct rows and every score ties with
        // its group's; the best rows are taken group by group in the scan's order (ties by the lower row).
        var tracks = SyntheticCatalog.Tracks(Catalog)
            .Select(t => Fixtures.Track(t.Id, t.Embedding, OneHot(System.Numerics.Tensors.TensorPrimitives.IndexOfMax(t.GenreProbabilities), Catalog.Genres), Catalog.FeatureVersion))
            .ToList();
        Assert.NotNull(GenreRowTable.Of(tracks, Catalog.Genres).GroupOfRow);
        AssertSameAsScan(tracks, scoresWithin: 0);
    }

    private static float[] OneHot(int label, int genres)
    {
        var row = new float[genres];
        row[label] = 1;
        return row;
    }

    private static void AssertSameAsScan(IReadOnlyList<TrackFeatures> tracks, float scoresWithin)
    {
        var random = new Random(7);
        var interactions = new List<Interaction>();
        for (var u = 0; u < 30; u++)
        {
            var genre = random.Next(Catalog.Genres);
            for (var i = 0; i < 1 + random.Next(40); i++)
            {
                var id = tracks[(genre * Catalog.TracksPerGenre) + random.Next(Catalog.TracksPerGenre)].Id;
                interactions.Add(random.Next(5) == 0 ? Interaction.Dislike($"u{u}", id) : Interaction.Like($"u{u}", id));
            }
        }

        var context = new RecommendationContext(Catalog.FeatureVersion, SyntheticCatalog.Labels(Catalog.Genres), tracks, interactions);
        var blocks = new ProfileRecommender(context, new ProfileOptions { BlockSearchMinRows = 1 });
        var scan = new ProfileRecommender(context, new ProfileOptions { BlockSearchMinRows = int.MaxValue });
        var filters = new[]
        {
            RecommendationFilters.Default,
            new RecommendationFilters { DiversityLambda = 0.5 },
            new RecommendationFilters { ExcludeGenres = new HashSet<string> { "genre0", "genre1" }, ExcludeKnown = false },
        };
        for (var u = 0; u < 30; u++)
        {
            foreach (var f in filters)
            {
                var request = RecommendationRequest.ForUser($"u{u}", 1 + random.Next(40)) with { Filters = f };
                var expected = scan.Recommend(request);
                var actual = blocks.Recommend(request);
                Assert.Equal(expected.Select(r => (r.TrackId, r.Why)), actual.Select(r => (r.TrackId, r.Why)));
                Assert.All(expected.Zip(actual), p => Assert.Equal(p.First.Score, p.Second.Score, scoresWithin));
            }
        }
    }
}
