namespace Timbre.Experiments.OfflineEvaluation;

/// <summary>Result of <see cref="MethodComparison.Compare"/>: a paired t-test of two methods over the same users.</summary>
/// <param name="Pairs">Users scored by both methods (n).</param>
/// <param name="MeanDifference">Mean of a − b.</param>
/// <param name="T">t statistic mean / (sd / √n).</param>
/// <param name="DegreesOfFreedom">n − 1.</param>
/// <param name="PValue">Two-sided p-value from Student's t distribution (1 when the test is undefined).</param>
public sealed record MethodComparisonResult(int Pairs, double MeanDifference, double T, int DegreesOfFreedom, double PValue);
