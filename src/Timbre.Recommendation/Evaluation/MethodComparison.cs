namespace Timbre.Recommendation.Evaluation;

/// <summary>Per-user paired comparison of two methods (001: method 1 vs method 2).</summary>
public static class MethodComparison
{
    /// <summary>Paired t-test of a − b over the users both methods were scored on, for one metric.</summary>
    public static PairedTTestResult Compare(EvaluationReport report, string methodA, string methodB, Func<UserScore, double> metric)
    {
        var a = report.PerUser.Where(s => s.Method == methodA).ToDictionary(s => s.UserId);
        var b = report.PerUser.Where(s => s.Method == methodB).ToDictionary(s => s.UserId);
        var users = a.Keys.Where(b.ContainsKey).OrderBy(u => u, StringComparer.Ordinal).ToList();
        return PairedTTest.Run(users.Select(u => metric(a[u])).ToList(), users.Select(u => metric(b[u])).ToList());
    }
}
