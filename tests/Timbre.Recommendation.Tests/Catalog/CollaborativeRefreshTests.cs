using Timbre.Core.Catalog;
using Timbre.Recommendation.Catalog;
using Timbre.Recommendation.Domain;
using Timbre.Recommendation.Similarity;
using Timbre.Recommendation.Tests.Similarity;

namespace Timbre.Recommendation.Tests.Catalog;

/// <summary>Likes on a live snapshot: no index rebuild, no model rebuild on the request path, models refreshed in the background.</summary>
public sealed class CollaborativeRefreshTests
{
    private static readonly string[] Genres = ["a", "b"];

    private static CatalogSnapshot Snapshot(ModelRefreshOptions refresh, IReadOnlyList<Interaction> interactions, SimilarityIndexOptions? index = null, int tracks = 60)
    {
        var vectors = AnnIndexTests.Clustered(tracks, 8, clusters: 4, seed: 3);
        var features = vectors.Select((v, i) => Fixtures.Track(i + 1, v, i % 2 == 0 ? [1f, 0f] : [0f, 1f])).ToArray();
        var context = new RecommendationContext("v1", Genres, features, interactions, indexOptions: index);
        var set = new AnalysisSetInfo("m", 1, 8, Genres, tracks, null);
        return new CatalogSnapshot(context, set, GenreInfo.Model, new CatalogLoadOptions { ModelRefresh = refresh }, [], new int[tracks]);
    }

    private static List<Interaction> Likes(string user, params long[] tracks) => tracks.Select(t => Interaction.Like(user, t)).ToList();

    [Fact]
    public async Task ALike_SharesTheIndexAndTheGraph_AndDoesNotChangeIt()
    {
        var options = new SimilarityIndexOptions { Approximate = new AnnIndexOptions { Threshold = 100 } };
        var before = Snapshot(ModelRefreshOptions.Default, Likes("u", 1, 2), options, tracks: 400);
        var ann = Assert.IsType<AnnIndex>(before.Context.Neighbours);
        await ann.Ready.WaitAsync(TimeSpan.FromSeconds(60));
        var version = ann.GraphVersion;

        var after = before.WithAddedInteractions(Likes("u", 3).Concat(Likes("v", 4)).ToList());

        Assert.Same(before.Context.Index, after.Context.Index);
        Assert.Same(before.Context.Neighbours, after.Context.Neighbours);
        Assert.Equal(version, ann.GraphVersion); // no add or remove in the graph
        Assert.Equal(3, after.Context.WeightsOf("u").Count);
        Assert.Single(after.Context.WeightsOf("v"));
        Assert.Equal(4, after.Context.Interactions.Count);
        Assert.Equal(2, before.Context.Interactions.Count); // the old snapshot did not change
    }

    [Fact]
    public async Task ACollaborativeModel_IsNotRebuiltOnARequest_ButInTheBackground_AndThenSeesTheNewLikes()
    {
        // u and v share tastes; w likes only track 40. Once w likes what u likes, user-kNN finds u as w's neighbour.
        var start = Likes("u", 1, 2, 3, 10).Concat(Likes("v", 1, 2, 3, 11)).Concat(Likes("w", 40)).ToList();
        var snapshot = Snapshot(new ModelRefreshOptions { AfterInteractions = 3, Interval = TimeSpan.FromDays(1) }, start);
        var first = snapshot.Recommender("user-knn");
        Assert.Equal(1, snapshot.CollaborativeBuilds);
        var wBefore = first.Recommend(RecommendationRequest.ForUser("w", 5));

        // Two likes: below the threshold, the same model answers and nothing is rebuilt.
        var two = snapshot.WithAddedInteractions(Likes("w", 1, 2));
        Assert.Same(first, two.Recommender("user-knn"));
        await two.CollaborativeRefreshes();
        Assert.Equal(1, two.CollaborativeBuilds);

        // A third like makes it stale: the request still gets the old model at once, the rebuild runs in the background.
        var three = two.WithAddedInteractions(Likes("w", 3));
        Assert.Same(first, three.Recommender("user-knn"));
        await three.CollaborativeRefreshes();
        Assert.Equal(2, three.CollaborativeBuilds);
        var refreshed = three.Recommender("user-knn");
        Assert.NotSame(first, refreshed);
        var wAfter = refreshed.Recommend(RecommendationRequest.ForUser("w", 5)).Select(r => r.TrackId).ToList();
        Assert.Contains(10L, wAfter); // u's and v's other likes now reach w
        Assert.Contains(11L, wAfter);
        Assert.DoesNotContain(10L, wBefore.Select(r => r.TrackId));

        // Content methods stay per snapshot: a like changes them at once.
        Assert.NotSame(two.Recommender("m1"), three.Recommender("m1"));
    }
}
