using Timbre.Recommendation.Domain;

namespace Timbre.Recommendation.Ranking;

/// <summary>A song a ranking starts from: a request seed or a track of the user's history.</summary>
/// <param name="Row">Row in the snapshot, or -1 for a track analysed outside the catalog.</param>
/// <param name="Track">The track.</param>
/// <param name="Unit">Its L2-normalised embedding.</param>
/// <param name="Weight">Preference weight: 1 for request seeds, the folded history weight otherwise (negative = disliked).</param>
public sealed record Seed(int Row, TrackFeatures Track, float[] Unit, float Weight);
