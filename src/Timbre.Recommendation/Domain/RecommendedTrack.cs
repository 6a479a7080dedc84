namespace Timbre.Recommendation.Domain;

/// <summary>One ranked recommendation. (Named RecommendedTrack because <c>Recommendation</c> is the namespace.)</summary>
/// <param name="TrackId">Catalog id of the recommended track.</param>
/// <param name="Score">Method-specific score; higher is better; only comparable within one list.</param>
/// <param name="Why">Readable reason: which liked or seed song and which properties brought it.</param>
/// <param name="SeedTrackId">The liked or seed track that contributed most, when there is one.</param>
public sealed record RecommendedTrack(long TrackId, double Score, string Why, long? SeedTrackId);
