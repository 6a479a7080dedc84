namespace Timbre.Recommendation.Evaluation;

/// <summary>Result of a paired t-test.</summary>
/// <param name="Pairs">Number of pairs n.</param>
/// <param name="MeanDifference">Mean of a − b.</param>
/// <param name="T">t statistic mean / (sd / √n).</param>
/// <param name="DegreesOfFreedom">n − 1.</param>
/// <param name="PValue">Two-sided p-value from Student's t distribution (1 when undefined).</param>
public sealed record PairedTTestResult(int Pairs, double MeanDifference, double T, int DegreesOfFreedom, double PValue);
