using Timbre.Evaluation.Ranking;
using Timbre.Evaluation.Tests.Reference;

namespace Timbre.Evaluation.Tests.Ranking;

public class RankingMetricsTests
{
    private static readonly string[] s_ranked = ["a", "b", "c", "d", "e"];
    private static readonly HashSet<string> s_relevant = ["b", "d", "z"];

    [Fact]
    public void HandComputedTopN()
    {
        Assert.Equal(0, RankingMetrics.PrecisionAt(s_ranked, s_relevant, 1));
        Assert.Equal(2.0 / 5, RankingMetrics.PrecisionAt(s_ranked, s_relevant, 5), 1e-15);
        Assert.Equal(2.0 / 10, RankingMetrics.PrecisionAt(s_ranked, s_relevant, 10), 1e-15);  // short list: padded
        Assert.Equal(1.0 / 3, RankingMetrics.RecallAt(s_ranked, s_relevant, 3), 1e-15);
        Assert.Equal(0, RankingMetrics.HitAt(s_ranked, s_relevant, 1));
        Assert.Equal(1, RankingMetrics.HitAt(s_ranked, s_relevant, 2));
        Assert.Equal(0.5, RankingMetrics.ReciprocalRankAt(s_ranked, s_relevant, 5), 1e-15);
        // AP@5: hits at ranks 2 and 4 → (1/2 + 2/4) / min(3, 5).
        Assert.Equal(1.0 / 3, RankingMetrics.AveragePrecisionAt(s_ranked, s_relevant, 5), 1e-15);
        // nDCG@5: (1/log2 3 + 1/log2 5) / (1 + 1/log2 3 + 1/2).
        var expected = (1 / Math.Log2(3) + 1 / Math.Log2(5)) / (1 + 1 / Math.Log2(3) + 0.5);
        Assert.Equal(expected, RankingMetrics.NdcgAt(s_ranked, s_relevant, 5), 1e-15);
    }

    [Fact]
    public void MatchesScikitLearnNdcgAndAveragePrecision()
    {
        foreach (var c in ReferenceData.Root.GetProperty("ranking").EnumerateArray())
        {
            var ranked = c.Ints("ranked");
            var relevant = c.Ints("relevant").ToHashSet();
            ReferenceData.Close(c.Number("averagePrecisionFull"),
                RankingMetrics.AveragePrecisionAt(ranked, relevant, ranked.Length), 1e-14, "AP");
            foreach (var n in c.GetProperty("ndcg").EnumerateObject())
            {
                ReferenceData.Close(n.Value.Number(), RankingMetrics.NdcgAt(ranked, relevant, int.Parse(n.Name)), 1e-14, "ndcg@" + n.Name);
            }
        }
    }

    [Fact]
    public void EmptyRelevantSetScoresZeroAndBadNThrows()
    {
        var none = new HashSet<string>();
        Assert.Equal(0, RankingMetrics.RecallAt(s_ranked, none, 3));
        Assert.Equal(0, RankingMetrics.NdcgAt(s_ranked, none, 3));
        Assert.Equal(0, RankingMetrics.AveragePrecisionAt(s_ranked, none, 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => RankingMetrics.PrecisionAt(s_ranked, s_relevant, 0));
    }

    [Fact]
    public void RecommenderListMetricsMatchHandValues()
    {
        // Moved from Timbre.Recommendation's copy of these metrics (long ids, genre labels as a multiset).
        long[] ranked = [5, 1, 7, 2];
        var relevant = new HashSet<long> { 1, 2, 9 };
        Assert.Equal(0.5, RankingMetrics.PrecisionAt(ranked, relevant, 4));
        Assert.Equal(2.0 / 3, RankingMetrics.RecallAt(ranked, relevant, 4), 12);
        var dcg = (1 / Math.Log2(3)) + (1 / Math.Log2(5));
        var ideal = 1 + (1 / Math.Log2(3)) + (1 / Math.Log2(4));
        Assert.Equal(dcg / ideal, RankingMetrics.NdcgAt(ranked, relevant, 4), 12);
        Assert.Equal(1, RankingMetrics.HitAt(ranked, relevant, 2));
        Assert.Equal(0, RankingMetrics.HitAt(ranked, relevant, 1));
        Assert.Equal(0.75, RankingMetrics.PrecisionAt(["a", "b", "a", "a"], new HashSet<string> { "a" }, 4)); // genre accuracy
        Assert.Equal(0.3, RankingMetrics.Coverage<long>([[1, 2], [2, 3]], 10), 12);
        Assert.Equal(0, RankingMetrics.Coverage<long>([[1]], 0));
        Assert.Equal(0.5, RankingMetrics.IntraListDiversity(3, (_, _) => 0.5), 12);
        Assert.Equal(0, RankingMetrics.IntraListDiversity(1, (_, _) => 0.5));
        // Pairs (0,1), (0,2), (1,2) with similarities 0, 0.5, 1: mean of 1, 0.5, 0.
        Assert.Equal(0.5, RankingMetrics.IntraListDiversity(3, (i, j) => (i + j - 1) / 2.0), 12);
    }

    [Fact]
    public void PerfectRankingScoresOne()
    {
        string[] ranked = ["b", "d", "z", "a"];
        Assert.Equal(1, RankingMetrics.NdcgAt(ranked, s_relevant, 3), 1e-15);
        Assert.Equal(1, RankingMetrics.AveragePrecisionAt(ranked, s_relevant, 4), 1e-15);
        Assert.Equal(1, RankingMetrics.RecallAt(ranked, s_relevant, 3), 1e-15);
    }
}
