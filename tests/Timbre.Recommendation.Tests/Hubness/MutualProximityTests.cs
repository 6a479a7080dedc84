using System.Text.Json;
using Timbre.Core.Catalog;
using Timbre.Evaluation.Retrieval;
using Timbre.Recommendation.Domain;
using Timbre.Recommendation.Hubness;
using Timbre.Recommendation.Recommenders;
using Timbre.Recommendation.Similarity;
using Timbre.Recommendation.Space;
using Timbre.Recommendation.Tests.Similarity;

namespace Timbre.Recommendation.Tests.Hubness;

/// <summary>Mutual proximity in the product's similar-songs scoring: hubness, symmetry, the evaluation's reference, ordering.</summary>
public sealed class MutualProximityTests
{
    private const int Clusters = 6;
    private const int PerCluster = 10;

    /// <summary>
    /// 6 clusters of 10 points in 60-d: each point is e0 + 0.7 e_(c+1) + noise (σ 0.26 per dimension), so every cluster lies
    /// off one shared axis in its own direction; plus a hub, the normalised mean of all of them (last item), which is
    /// nearer by cosine to most points than their own cluster mates. Groups are the clusters ("hub" for the hub).
    /// </summary>
    internal static (float[][] Vectors, string[] Groups) HubSet(int seed = 7)
    {
        var random = new Random(seed);
        const int dim = 60;
        double Gaussian() => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        var vectors = new List<float[]>();
        var groups = new List<string>();
        for (var c = 0; c < Clusters; c++)
        {
            for (var i = 0; i < PerCluster; i++)
            {
                vectors.Add([.. Enumerable.Range(0, dim).Select(d => (float)((d == 0 ? 1.0 : d == c + 1 ? 0.7 : 0) + (0.26 * Gaussian())))]);
                groups.Add($"c{c}");
            }
        }

        var mean = new float[dim];
        foreach (var v in vectors)
        {
            var unit = VectorMath.Normalized(v);
            for (var d = 0; d < dim; d++)
            {
                mean[d] += unit[d] / vectors.Count;
            }
        }

        vectors.Add(mean);
        groups.Add("hub");
        return ([.. vectors], [.. groups]);
    }

    /// <summary>How many items have <paramref name="item"/> among their k best by the product's similar-songs scores.</summary>
    private static int KOccurrence(float[][] vectors, int item, int k, MutualProximityOptions? proximity)
    {
        var scorer = SimilarSongsRetrieval.Scorer(vectors, proximity);
        var count = 0;
        for (var q = 0; q < vectors.Length; q++)
        {
            if (q == item)
            {
                continue;
            }

            var scores = scorer(q);
            var top = Enumerable.Range(0, vectors.Length).Where(i => i != q).OrderByDescending(i => scores[i]).Take(k);
            count += top.Contains(item) ? 1 : 0;
        }

        return count;
    }

    [Fact]
    public void TheHubsKOccurrenceFallsUnderMutualProximity()
    {
        var (vectors, _) = HubSet();
        var hub = vectors.Length - 1;
        var cosine = KOccurrence(vectors, hub, 5, proximity: null);
        var mp = KOccurrence(vectors, hub, 5, MutualProximityOptions.Default);
        Assert.True(cosine >= 15, $"the constructed hub should be in many 5-NN lists by cosine (5 of 60 on average), is in {cosine}");
        Assert.True(mp * 2 <= cosine, $"mutual proximity should at least halve the hub's 5-occurrence: cosine {cosine}, MP {mp}");
    }

    [Fact]
    public void MutualProximityIsSymmetric()
    {
        var (vectors, _) = HubSet(seed: 11);
        var index = new SimilarityIndex([.. Enumerable.Range(0, vectors.Length).Select(i => (long)i)], vectors);
        var mp = new MutualProximity(index, MutualProximityOptions.Default with { SampleSize = 25 });
        Assert.Equal(25, mp.SampleCount);
        for (var a = 0; a < vectors.Length; a += 7)
        {
            for (var b = 0; b < vectors.Length; b += 5)
            {
                var d = 1.0 - VectorMath.Cosine(index.VectorAt(a), index.VectorAt(b));
                var ma = mp.MomentsOf(a, index.VectorAt(a));
                var mb = mp.MomentsOf(b, index.VectorAt(b));
                Assert.Equal(MutualProximity.Score(d, ma, mb), MutualProximity.Score(d, mb, ma), 12);
                Assert.InRange(MutualProximity.Score(d, ma, mb), 0.0, 1.0);
            }
        }

        // Moments are kept: the second call returns the first result even for a different vector.
        var first = mp.MomentsOf(3, index.VectorAt(3));
        Assert.Equal(first, mp.MomentsOf(3, index.VectorAt(4)));
    }

    [Fact]
    public void TheProductPathEqualsTheEvaluationsReferenceWhenTheSampleIsTheWholeCatalog()
    {
        var (vectors, groups) = HubSet(seed: 5);
        foreach (var k in new[] { 1, 5, 10 })
        {
            var reference = RetrievalEvaluation.Evaluate(vectors, groups, k, null, mutualProximity: true);
            var product = SimilarSongsRetrieval.Evaluate(vectors, groups, k, null, MutualProximityOptions.Default);
            Assert.Equal(reference.Queries.Count, product.Queries.Count);
            for (var i = 0; i < reference.Queries.Count; i++)
            {
                Assert.Equal(reference.Queries[i].Precision, product.Queries[i].Precision, 9);
                Assert.Equal(reference.Queries[i].AveragePrecision, product.Queries[i].AveragePrecision, 6);
            }

            var cosine = RetrievalEvaluation.Evaluate(vectors, groups, k);
            Assert.Equal(cosine.Precision, SimilarSongsRetrieval.Evaluate(vectors, groups, k, null, null).Precision, 9);
        }
    }

    [Fact]
    public void ASmallSampleStaysCloseToTheWholeCatalog()
    {
        var (vectors, groups) = HubSet(seed: 5);
        var whole = SimilarSongsRetrieval.Evaluate(vectors, groups, 5, null, MutualProximityOptions.Default).Precision;
        var sampled = SimilarSongsRetrieval.Evaluate(vectors, groups, 5, null, MutualProximityOptions.Default with { SampleSize = 30 }).Precision;
        Assert.InRange(sampled, whole - 0.1, whole + 0.1);
    }

    [Fact]
    public void TheRecommenderStopsPuttingTheHubFirst()
    {
        var (vectors, groups) = HubSet();
        var hub = vectors.Length - 1;
        var tracks = vectors.Select((v, i) => Fixtures.Track(i, v, [])).ToArray();
        var plain = new RecommendationContext("v1", [], tracks, []);
        var mp = new RecommendationContext("v1", [], tracks, []) { ProximityOptions = MutualProximityOptions.Default };
        Assert.Null(plain.Proximity);
        Assert.NotNull(mp.Proximity);

        var moved = 0;
        double matesBefore = 0, matesAfter = 0;
        var stillFirst = 0;
        for (var q = 0; q < hub; q++)
        {
            var request = RecommendationRequest.ForSeeds([q], 5);
            var before = new SimilarSongsRecommender(plain).Recommend(request);
            var after = new SimilarSongsRecommender(mp).Recommend(request);
            matesBefore += before.Count(r => groups[r.TrackId] == groups[q]);
            matesAfter += after.Count(r => groups[r.TrackId] == groups[q]);
            if (before[0].TrackId != hub)
            {
                continue;
            }

            stillFirst += after[0].TrackId == hub ? 1 : 0;
            Assert.True(after.Select(r => r.Score).SequenceEqual(after.Select(r => r.Score).OrderDescending()));
            moved++;
        }

        Assert.True(moved >= 3, $"the hub should be the cosine top-1 of several queries, was of {moved}");
        Assert.True(stillFirst * 3 <= moved, $"mutual proximity should move the hub down for most of them: still first for {stillFirst} of {moved}");
        Assert.True(matesAfter > matesBefore, $"cluster mates in the top 5 should rise: {matesBefore} by cosine, {matesAfter} by mutual proximity");

        // A user's history (likes and a dislike) goes through the same re-ranking: MP scores (at most 1), not cosine.
        Interaction[] history = [Interaction.Like("u", 0), Interaction.Like("u", 1), Interaction.Dislike("u", 30)];
        var forUser = new SimilarSongsRecommender(mp.WithAddedInteractions(history)).Recommend(RecommendationRequest.ForUser("u", 5));
        var plainUser = new SimilarSongsRecommender(plain.WithAddedInteractions(history)).Recommend(RecommendationRequest.ForUser("u", 5));
        Assert.Equal(5, forUser.Count);
        Assert.All(forUser, r => Assert.InRange(r.Score, -0.5f, 1f));
        Assert.NotEqual(plainUser.Select(r => r.Score), forUser.Select(r => r.Score));
    }

    [Fact]
    public void AddedTracksKeepTheSampleAndGetTheirOwnMoments()
    {
        var (vectors, _) = HubSet();
        var tracks = vectors.Take(50).Select((v, i) => Fixtures.Track(i, v, [])).ToArray();
        var context = new RecommendationContext("v1", [], tracks, []) { ProximityOptions = MutualProximityOptions.Default with { SampleSize = 20 } };
        var sample = context.Proximity!.SampleIds.ToArray();
        var grown = context.WithTracks([.. vectors.Skip(50).Select((v, i) => Fixtures.Track(50 + i, v, []))], new HashSet<long> { 2 });
        Assert.NotNull(grown.Proximity);
        Assert.Equal(sample, grown.Proximity!.SampleIds);
        var fresh = new RecommendationContext("v1", [], grown.Tracks, []) { ProximityOptions = context.ProximityOptions };
        var request = RecommendationRequest.ForSeeds([55], 5);
        Assert.Equal(5, new SimilarSongsRecommender(grown).Recommend(request).Count);
        Assert.NotNull(fresh.Proximity);
    }

    [Fact]
    public async Task TheGraphPathAndTheExactPathReRankAlike()
    {
        var vectors = AnnIndexTests.Clustered(2_000, 24, clusters: 12, seed: 95);
        var tracks = vectors.Select((v, i) => Fixtures.Track(i + 1, v, [])).ToArray();
        var options = MutualProximityOptions.Default with { SampleSize = 256 };
        var approximate = new SimilarityIndexOptions { Approximate = new AnnIndexOptions { Threshold = 1_000 } };
        var ann = new RecommendationContext("v1", [], tracks, [], indexOptions: approximate) { ProximityOptions = options };
        var exact = new RecommendationContext("v1", [], tracks, []) { ProximityOptions = options };
        await ((AnnIndex)ann.Neighbours).Ready.WaitAsync(TimeSpan.FromSeconds(60));
        double hits = 0, total = 0;
        for (var i = 0; i < 30; i++)
        {
            var request = RecommendationRequest.ForSeeds([1 + (i * 61)], 10);
            var want = new SimilarSongsRecommender(exact).Recommend(request).Select(r => r.TrackId).ToHashSet();
            var got = new SimilarSongsRecommender(ann).Recommend(request);
            hits += got.Count(r => want.Contains(r.TrackId));
            total += want.Count;
        }

        Assert.InRange(hits / total, 0.9, 1.0);
    }

    [Fact]
    public void AFittedSpaceTurnsItOnByDefaultAndStoresTheChoice()
    {
        var (vectors, _) = HubSet();
        var input = new SpaceInput(new SpaceSetRecord("m", 1, 60), Enumerable.Repeat(EmbeddingBlocks.Learned, 60).ToArray(), vectors);
        var on = new EmbeddingSpace(EmbeddingSpaceFitter.Fit([input], EmbeddingSpaceOptions.Default with { AlbumWhitening = false }));
        Assert.Equal(MutualProximityOptions.Default, on.Proximity);
        var off = EmbeddingSpaceFitter.Fit([input], EmbeddingSpaceOptions.Default with { AlbumWhitening = false, MutualProximity = null });
        Assert.Null(new EmbeddingSpace(off).Proximity);
        Assert.False(JsonSerializer.Deserialize<EmbeddingSpaceRecord>(JsonSerializer.Serialize(off))!.MutualProximity);

        // A space stored before mutual proximity existed has none of its fields: it gets the default (on).
        var old = JsonSerializer.Deserialize<EmbeddingSpaceRecord>("""{"Sets":[],"Blocks":[]}""")!;
        Assert.True(old.MutualProximity);
        Assert.Equal(MutualProximityOptions.DefaultSampleSize, old.ProximitySample);
    }
}
