namespace Timbre.Recommendation.Domain;

/// <summary>
/// One analysed track as the recommenders see it: identity, tags, and the model outputs of one feature version.
/// </summary>
/// <param name="Id">Catalog id of the track.</param>
/// <param name="Title">Title tag (may be empty).</param>
/// <param name="Artist">Artist tag (may be empty).</param>
/// <param name="Album">Album tag (may be empty).</param>
/// <param name="Path">File path of the track.</param>
/// <param name="DurationSeconds">Duration in seconds.</param>
/// <param name="GenreProbabilities">Predicted genre probabilities, one per label of the snapshot, summing to about 1.</param>
/// <param name="Embedding">Embedding (features before the classification layer); any scale, normalised by the index.</param>
public sealed record TrackFeatures(
    long Id,
    string Title,
    string Artist,
    string Album,
    string Path,
    double DurationSeconds,
    float[] GenreProbabilities,
    float[] Embedding)
{
    /// <summary>Version key of the model and feature extractor that produced the vectors; vectors of different versions are never compared.</summary>
    public string FeatureVersion { get; init; } = "";

    /// <summary>Ground-truth or tag genre label when known (used by offline evaluation), otherwise null.</summary>
    public string? Genre { get; init; }

    /// <summary>Estimated tempo in beats per minute, when analysed; used by explanations.</summary>
    public float? Tempo { get; init; }

    /// <summary>Named timbre summary statistics (e.g. "brightness", "loudness"), used by explanations. May be empty.</summary>
    public IReadOnlyDictionary<string, float> Stats { get; init; } = new Dictionary<string, float>();

    /// <summary>Index of the largest genre probability (the predicted top genre), or -1 when there are none.</summary>
    public int TopGenre
    {
        get
        {
            var best = -1;
            var bestValue = float.NegativeInfinity;
            for (var i = 0; i < GenreProbabilities.Length; i++)
            {
                if (GenreProbabilities[i] > bestValue)
                {
                    bestValue = GenreProbabilities[i];
                    best = i;
                }
            }

            return best;
        }
    }
}
