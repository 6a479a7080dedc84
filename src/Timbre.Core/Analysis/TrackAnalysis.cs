namespace Timbre.Core.Analysis;

/// <summary>What an <see cref="ITrackAnalyzer"/> computed for one track.</summary>
/// <param name="Embedding">Embedding vector (non-empty); the same length for every track of one analyzer.</param>
/// <param name="GenreProbabilities">
/// Probability of each of the analyzer's <see cref="ITrackAnalyzer.GenreLabels"/>, same order; empty when the analyzer
/// has no classifier.
/// </param>
/// <param name="SummaryFeatures">Hand-crafted per-track summary features (may be empty).</param>
public sealed record TrackAnalysis(float[] Embedding, float[] GenreProbabilities, float[] SummaryFeatures);
