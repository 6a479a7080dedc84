using Timbre.Evaluation.Statistics;

namespace Timbre.Experiments.OfflineEvaluation;

/// <summary>Per-user paired comparison of two methods (001: method 1 vs method 2).</summary>
public static class MethodComparison
{
    /// <summary>
    /// Paired t-test of a − b over the users both methods were scored on, for one metric. Where the test is undefined
    /// the comparison reports "no evidence of a difference" instead of NaN: fewer than two users give t = NaN, p = 1;
    /// identical scores for every user give t = 0, p = 1; a constant non-zero difference gives t = ±∞, p = 0.
    /// </summary>
    public static MethodComparisonResult Compare(EvaluationReport report, string methodA, string methodB, Func<UserScore, double> metric)
    {
        var a = report.PerUser.Where(s => s.Method == methodA).ToDictionary(s => s.UserId);
        var b = report.PerUser.Where(s => s.Method == methodB).ToDictionary(s => s.UserId);
        var users = a.Keys.Where(b.ContainsKey).OrderBy(u => u, StringComparer.Ordinal).ToList();
        var scoresA = users.Select(u => metric(a[u])).ToList();
        var scoresB = users.Select(u => metric(b[u])).ToList();
        var differences = scoresA.Zip(scoresB, (x, y) => x - y).ToList();
        var n = differences.Count;
        if (n < 2)
        {
            return new MethodComparisonResult(n, n == 1 ? differences[0] : 0, double.NaN, 0, 1);
        }

        if (differences.All(d => d == differences[0]))
        {
            var d = differences[0];
            return new MethodComparisonResult(n, d, d == 0 ? 0 : double.PositiveInfinity * Math.Sign(d), n - 1, d == 0 ? 1 : 0);
        }

        var test = TTest.Paired(scoresA, scoresB);
        return new MethodComparisonResult(n, test.MeanDifference, test.T, n - 1, test.PValue);
    }
}
