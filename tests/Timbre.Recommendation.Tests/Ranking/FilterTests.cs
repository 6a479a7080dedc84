using Timbre.Evaluation.Ranking;
using Timbre.Experiments.Simulation;
using Timbre.Recommendation.Domain;
using Timbre.Recommendation.Ranking;
using Timbre.Recommendation.Recommenders;

namespace Timbre.Recommendation.Tests.Ranking;

public class FilterTests
{
    private static RecommendationContext WithDuplicates()
    {
        var tracks = SyntheticCatalog.Tracks(Fixtures.Small).ToList();
        tracks[5] = tracks[5] with { Title = "Song 1 (Remastered 2011)", Artist = "Artist 0-0" }; // same as id 1
        tracks[7] = tracks[7] with { Embedding = tracks[2].Embedding.Select(x => x * 2).ToArray() }; // same direction as id 3
        return new RecommendationContext(Fixtures.Small.FeatureVersion, SyntheticCatalog.Labels(5), tracks, []);
    }

    [Fact]
    public void NearDuplicatesOfSeedsAndOfEachOtherAreDropped()
    {
        var ctx = WithDuplicates();
        var recs = new SimilarSongsRecommender(ctx).Recommend(RecommendationRequest.ForSeeds([1, 3], 30));
        Assert.DoesNotContain(recs, r => r.TrackId is 6 or 8 or 1 or 3);
        var loose = new SimilarSongsRecommender(ctx).Recommend(RecommendationRequest.ForSeeds([1, 3], 30) with { Filters = new RecommendationFilters { DropNearDuplicates = false } });
        Assert.Contains(loose, r => r.TrackId == 8);
        Assert.Equal("song1|artist00", TrackKey.Of("Song 1 [Live]", "Artist 0-0"));
        Assert.Null(TrackKey.Of("", "x"));
    }

    [Fact]
    public void KeyHashes_FollowTheKeys()
    {
        // Names equal by TrackKey.Of hash alike, others differ; no title means no name key; the artist key ignores case and outer spaces.
        Assert.Equal(TrackKey.Hashes("Song 1 [Live]", "Artist 0-0").Name, TrackKey.Hashes("song 1 (Remastered)", "ARTIST 00").Name);
        Assert.NotEqual(TrackKey.Hashes("Song 1", "Artist 0").Name, TrackKey.Hashes("Song 2", "Artist 0").Name);
        Assert.Equal(0UL, TrackKey.Hashes("", "x").Name);
        Assert.Equal(TrackKey.Hashes("a", " The Band ").Artist, TrackKey.Hashes("b", "the band").Artist);
        Assert.NotEqual(TrackKey.Hashes("a", "The Band").Artist, TrackKey.Hashes("a", "The Bands").Artist);
        Assert.Equal(0UL, TrackKey.Hashes("a", "  ").Artist);
        Assert.NotEqual(0UL, TrackKey.Hashes("a", "b").Name);
    }

    [Fact]
    public void ArtistCapGenreFiltersAndExcludedIdsAreHonoured()
    {
        var ctx = Fixtures.Context();
        var capped = new SimilarSongsRecommender(ctx).Recommend(RecommendationRequest.ForSeeds([1], 10) with { Filters = new RecommendationFilters { MaxPerArtist = 2 } });
        Assert.Equal(10, capped.Count);
        Assert.All(capped.GroupBy(r => ctx.Tracks[ctx.RowOf(r.TrackId)].Artist), g => Assert.True(g.Count() <= 2));
        var excluded = new SimilarSongsRecommender(ctx).Recommend(RecommendationRequest.ForSeeds([1], 10) with
        {
            Filters = new RecommendationFilters { ExcludeGenres = new HashSet<string> { "genre0" }, ExcludeIds = new HashSet<long> { 21 } },
        });
        Assert.All(excluded, r => Assert.NotEqual(0, ctx.TopGenreOf(ctx.RowOf(r.TrackId))));
        Assert.DoesNotContain(excluded, r => r.TrackId == 21);
        var included = new SimilarSongsRecommender(ctx).Recommend(RecommendationRequest.ForSeeds([1], 10) with { Filters = new RecommendationFilters { IncludeGenres = new HashSet<string> { "genre4" } } });
        Assert.All(included, r => Assert.Equal(4, ctx.TopGenreOf(ctx.RowOf(r.TrackId))));
    }

    [Fact]
    public void KnownTracksAreExcludedUnlessAskedOtherwise()
    {
        var ctx = Fixtures.Context(Interaction.Like("u", 1), Interaction.Like("u", 2), Interaction.Rate("u", 3, 3));
        var recs = new ProfileRecommender(ctx).Recommend(RecommendationRequest.ForUser("u", 20));
        Assert.DoesNotContain(recs, r => r.TrackId is 1 or 2 or 3);
    }

    [Fact]
    public void MmrLowersSimilarityInsideTheList()
    {
        var ctx = Fixtures.Context();
        double MeanPairwiseCos(IReadOnlyList<RecommendedTrack> list)
        {
            var rows = list.Select(r => ctx.RowOf(r.TrackId)).ToArray();
            return 1 - RankingMetrics.IntraListDiversity(rows.Length, (i, j) => Timbre.Recommendation.Similarity.VectorMath.Cosine(ctx.Index.VectorAt(rows[i]), ctx.Index.VectorAt(rows[j])));
        }

        var plain = new SimilarSongsRecommender(ctx).Recommend(RecommendationRequest.ForSeeds([1, 45], 10));
        var diverse = new SimilarSongsRecommender(ctx).Recommend(RecommendationRequest.ForSeeds([1, 45], 10) with { Filters = new RecommendationFilters { DiversityLambda = 0.3 } });
        Assert.Equal(10, diverse.Count);
        Assert.Equal(plain[0].TrackId, diverse[0].TrackId);
        Assert.True(MeanPairwiseCos(diverse) < MeanPairwiseCos(plain) - 0.02);
        Assert.Throws<Timbre.Core.Errors.InvalidOptionsException>(() => new RecommendationFilters { DiversityLambda = 1.5 }.Validate());
    }

    [Fact]
    public void ExplanationsNameTheSeedAndSharedProperties()
    {
        var ctx = Fixtures.Context();
        var rec = new SimilarSongsRecommender(ctx).Recommend(RecommendationRequest.ForSeeds([1], 1))[0];
        Assert.Equal(1, rec.SeedTrackId);
        Assert.Contains("close to 'Song 1' by Artist 0-0 (cosine", rec.Why);
        Assert.Contains("same top genre genre0", rec.Why);
        Assert.Contains("similar tempo", rec.Why);
        Assert.Contains("similar brightness", rec.Why);
    }
}
