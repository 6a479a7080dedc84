using Timbre.Recommendation.Domain;
using Timbre.Recommendation.Recommenders;

namespace Timbre.Recommendation.Tests.Recommenders;

/// <summary>
/// The profile method over a grouped genre table (few distinct rows, e.g. one-hot labels) scores every row exactly
/// as the full table does, and the grouping gives up where it would not pay.
/// </summary>
public sealed class GroupedProfileTests
{
    [Fact]
    public void GroupedScores_AreBitIdenticalToTheFullTable_AndToZ()
    {
        var distinct = new[] { new[] { 1f, 0, 0 }, [0, 1f, 0], [0.2f, 0.3f, 0.5f], [0, 0, 0] };
        var tracks = Enumerable.Range(0, 500).Select(i => Fixtures.Track(i + 1, [i, 1], distinct[(i * 7) % distinct.Length])).ToList();
        var grouped = GenreRowTable.Of(tracks, 3);
        var full = GenreRowTable.Of(tracks, 3, maxGroups: 0);
        Assert.NotNull(grouped.GroupOfRow);
        Assert.Equal(distinct.Length, grouped.Norms.Length);
        Assert.Null(full.GroupOfRow);

        foreach (var q in new[] { new[] { 0.5f, 0.25f, 0.25f }, [0.9f, -0.1f, 0], [0.01f, 0.01f, 0.02f] })
        {
            var (a, b) = (new float[tracks.Count], new float[tracks.Count]);
            ProfileRecommender.ScoreAgainst(grouped, q, a);
            ProfileRecommender.ScoreAgainst(full, q, b);
            Assert.Equal(b, a);
            for (var r = 0; r < tracks.Count; r++)
            {
                Assert.Equal(MagnitudeAwareSimilarity.Z(q, tracks[r].GenreProbabilities), a[r], 1e-5f);
            }
        }
    }

    [Fact]
    public void DistinctRows_PastTheCap_AreNotGrouped()
    {
        var tracks = Enumerable.Range(0, 100).Select(i => Fixtures.Track(i + 1, [i, 1], [i, 1, 0])).ToList();
        Assert.Null(GenreRowTable.Of(tracks, 3).GroupOfRow);
        Assert.Equal(100, GenreRowTable.Of(tracks, 3).Norms.Length);
    }
}
