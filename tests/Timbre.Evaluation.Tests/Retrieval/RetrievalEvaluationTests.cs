using Timbre.Evaluation.Retrieval;

namespace Timbre.Evaluation.Tests.Retrieval;

public class RetrievalEvaluationTests
{
    [Fact]
    public void SeparatedGroupsScorePerfectly()
    {
        float[][] vectors = [[1, 0.1f], [1, 0.2f], [1, 0.15f], [0.1f, 1], [0.2f, 1], [0.15f, 1]];
        string[] groups = ["a", "a", "a", "b", "b", "b"];
        var result = RetrievalEvaluation.Evaluate(vectors, groups, k: 2);
        Assert.Equal(6, result.Queries.Count);
        Assert.Equal(1.0, result.Precision, 1e-12);
        Assert.Equal(1.0, result.MeanAveragePrecision, 1e-12);
        Assert.Equal(1.0, result.Ndcg, 1e-12);
        Assert.Equal(2.0 / 5, result.Chance, 1e-12);
    }

    [Fact]
    public void HandComputedQuery()
    {
        // Query 0 ranks item 1 (other group), then 2 (own group), then 3 (own group).
        float[][] vectors = [[1, 0], [0.9f, 0.1f], [0.5f, 0.5f], [0, 1]];
        string[] groups = ["a", "b", "a", "a"];
        var q0 = RetrievalEvaluation.Evaluate(vectors, groups, k: 2).Queries[0];
        Assert.Equal(3, q0.Candidates);
        Assert.Equal(2, q0.Relevant);
        Assert.Equal(0.5, q0.Precision, 1e-12);
        Assert.Equal(0.5 / 2, q0.AveragePrecision, 1e-12);
        Assert.Equal((1 / Math.Log2(3)) / (1 + 1 / Math.Log2(3)), q0.Ndcg, 1e-12);
    }

    [Fact]
    public void ExcludedCandidatesAreNotRanked()
    {
        // Artist x has albums p and q; excluding the query's own album leaves only the other album as relevant.
        float[][] vectors = [[1, 0], [1, 0.01f], [0, 1], [0.7f, 0.7f]];
        string[] artists = ["x", "x", "x", "y"];
        string[] albums = ["p", "p", "q", "r"];
        var result = RetrievalEvaluation.Evaluate(vectors, artists, k: 1, exclude: albums);
        var q0 = result.Queries.Single(q => q.Index == 0);
        Assert.Equal(2, q0.Candidates);  // item 1 shares album p
        Assert.Equal(1, q0.Relevant);
        Assert.Equal(0, q0.Precision);  // y's track is closer than album q's
        Assert.Equal(1, result.Skipped);  // y has no other track
    }

    [Fact]
    public void PerGroupMeansCoverEveryQuery()
    {
        var rng = new Random(3);
        var vectors = Enumerable.Range(0, 30).Select(_ => new[] { (float)rng.NextDouble(), (float)rng.NextDouble(), (float)rng.NextDouble() }).ToArray();
        var groups = Enumerable.Range(0, 30).Select(i => $"g{i % 4}").ToArray();
        var result = RetrievalEvaluation.Evaluate(vectors, groups, k: 5);
        var byGroup = result.ByGroup();
        Assert.Equal(4, byGroup.Count);
        Assert.Equal(30, byGroup.Sum(g => g.Queries));
        Assert.Equal(result.Precision, byGroup.Sum(g => g.Precision * g.Queries) / 30, 1e-12);
        Assert.InRange(result.Chance, 0.2, 0.3);
    }

    [Fact]
    public void BadInputIsRefused()
    {
        Assert.Throws<ArgumentException>(() => RetrievalEvaluation.Evaluate([[1f], [2f]], ["a"], 1));
        Assert.Throws<ArgumentException>(() => RetrievalEvaluation.Evaluate([[1f], [2f, 3f]], ["a", "a"], 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => RetrievalEvaluation.Evaluate([[1f], [2f]], ["a", "a"], 0));
    }

    [Fact]
    public void GroupFoldsNeverSplitAGroup()
    {
        var groups = Enumerable.Range(0, 100).Select(i => $"album{i % 13}").ToArray();
        var folds = GroupFolds.Assign(groups, 5, seed: 7);
        foreach (var g in groups.Distinct())
        {
            Assert.Single(folds.Where((_, i) => groups[i] == g).Distinct());
        }

        var sizes = Enumerable.Range(0, 5).Select(f => folds.Count(x => x == f)).ToArray();
        Assert.All(sizes, s => Assert.InRange(s, 16, 24));
        Assert.Equal(folds, GroupFolds.Assign(groups, 5, seed: 7));
        Assert.Throws<ArgumentException>(() => GroupFolds.Assign(["a", "b"], 3));
    }
}
