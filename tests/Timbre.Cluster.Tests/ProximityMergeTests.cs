using Timbre.Cluster.Search;
using Timbre.Recommendation.Hubness;

namespace Timbre.Cluster.Tests;

/// <summary>The proximity sample's positions, and the client's merge of the shards' re-ranked candidates.</summary>
public sealed class ProximityMergeTests
{
    [Theory]
    [InlineData(1, 4)]
    [InlineData(4, 4)]
    [InlineData(5, 4)]
    [InlineData(1000, 17)]
    [InlineData(3000, 1024)]
    public void SamplePositionsAreTheSeededShufflesFirstPositions(int count, int sampleSize)
    {
        var options = new MutualProximityOptions { SampleSize = sampleSize, Seed = 3 };

        // Reference: the whole array shuffled as the single-node sampler did before positions were computed apart.
        var all = Enumerable.Range(0, count).ToArray();
        int[] expected;
        if (count <= sampleSize)
        {
            expected = all;
        }
        else
        {
            var random = new Random(options.Seed);
            for (var i = 0; i < sampleSize; i++)
            {
                var j = random.Next(i, count);
                (all[i], all[j]) = (all[j], all[i]);
            }

            expected = all[..sampleSize];
        }

        var got = MutualProximity.SamplePositions(count, options);
        Assert.Equal(expected, got);
        Assert.Equal(got.Length, got.Distinct().Count());
    }

    [Fact]
    public void MergeReRanksTheDepthBestByCosineAndKeepsTheRestBelowInCosineOrder()
    {
        var query = new DistanceMoments(0.5, 0.1);
        ProximityAnswer[] parts =
        [
            new() { Depth = 2, QueryMean = 0.5, QueryStd = 0.1, Hits = [new(1, 0.9f, 0.9f, 0.9, 0.1), new(4, 0.5f, 0.5f, 0.5, 0.1)] },
            new() { Depth = 2, Hits = [new(2, 0.8f, 0.8f, 0.2, 0.1), new(3, 0.7f, 0.7f, 0.5, 0.1)] },
        ];

        var merged = ProximityMerge.Merge(parts, 4, []);

        // Track 1 is close to the query but far from everything else's view (mean 0.9): MP(1) < MP(2).
        var mp1 = MutualProximity.Score(1 - 0.9f, query, new DistanceMoments(0.9, 0.1));
        var mp2 = MutualProximity.Score(1 - 0.8f, query, new DistanceMoments(0.2, 0.1));
        Assert.True(mp1 > mp2 == (merged[0].Id == 1));
        Assert.Equal([1L, 2L], merged.Take(2).Select(h => h.Id).Order());
        Assert.Equal([3L, 4L], merged.Skip(2).Select(h => h.Id));
        Assert.True(merged[2].Score < Math.Min(merged[0].Score, merged[1].Score));
        Assert.Equal(0.7f, merged[2].Cosine);

        Assert.Equal([2L, 3L], ProximityMerge.Merge(parts, 2, [1L, 4L]).Select(h => h.Id).Order());
        Assert.Throws<InvalidOperationException>(() => ProximityMerge.Merge([parts[1]], 2, []));
    }

    [Fact]
    public void WithoutReRankingMergeIsTheCosineTopK()
    {
        ProximityAnswer[] parts =
        [
            new() { Hits = [new(5, 0.9f, 0.9f, 0, 0), new(1, 0.4f, 0.4f, 0, 0)] },
            new() { Hits = [new(3, 0.9f, 0.9f, 0, 0), new(2, 0.6f, 0.6f, 0, 0)] },
        ];

        Assert.Equal([3L, 5L, 2L], ProximityMerge.Merge(parts, 3, []).Select(h => h.Id));
        Assert.Equal([5L, 2L], ProximityMerge.Merge(parts, 2, [3L]).Select(h => h.Id));
    }
}
