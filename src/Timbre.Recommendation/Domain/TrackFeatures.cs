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
    private readonly string? _title = Title;
    private readonly string? _artist = Artist;
    private readonly string? _album = Album;
    private readonly string? _path = Path;
    private readonly float[]? _embedding = Embedding;
    private readonly IReadOnlyDictionary<string, float>? _stats;
    private readonly string? _genre;
    private readonly IDeferredTrackData? _deferred;
    private readonly int _deferredRow;

    /// <summary>
    /// A track whose tags, embedding, statistics and label are read from <paramref name="deferred"/> (row
    /// <paramref name="row"/>) when asked for, not held: a served million-track snapshot keeps no strings per track.
    /// </summary>
    internal TrackFeatures(long id, double durationSeconds, float[] genreProbabilities, IDeferredTrackData deferred, int row)
        : this(id, null!, null!, null!, null!, durationSeconds, genreProbabilities, null!)
    {
        _deferred = deferred;
        _deferredRow = row;
    }

    /// <summary>Title tag (may be empty).</summary>
    public string Title { get => _title ?? _deferred!.Tags(Id).Title; init => _title = value; }

    /// <summary>Artist tag (may be empty).</summary>
    public string Artist { get => _artist ?? _deferred!.Tags(Id).Artist; init => _artist = value; }

    /// <summary>Album tag (may be empty).</summary>
    public string Album { get => _album ?? _deferred!.Tags(Id).Album; init => _album = value; }

    /// <summary>File path of the track.</summary>
    public string Path { get => _path ?? _deferred!.Tags(Id).Path; init => _path = value; }

    /// <summary>Embedding (a copy of the stored row when deferred).</summary>
    public float[] Embedding { get => _embedding ?? _deferred!.Embedding(_deferredRow); init => _embedding = value; }

    /// <summary>
    /// The near-duplicate and artist keys the selection compares (<see cref="Ranking.TrackKey.Hashes"/>): a deferred
    /// track's come from the snapshot file's columns, so no tags are read for candidates that are not shown.
    /// </summary>
    public (ulong Name, ulong Artist) SelectionKeys => _deferred?.Keys(_deferredRow) ?? Ranking.TrackKey.Hashes(Title, Artist);

    /// <summary>Version key of the model and feature extractor that produced the vectors; vectors of different versions are never compared.</summary>
    public string FeatureVersion { get; init; } = "";

    /// <summary>Ground-truth or tag genre label when known (used by offline evaluation), otherwise null.</summary>
    public string? Genre { get => _genre ?? _deferred?.Genre(_deferredRow); init => _genre = value; }

    /// <summary>Estimated tempo in beats per minute, when analysed; used by explanations.</summary>
    public float? Tempo { get; init; }

    /// <summary>Named timbre summary statistics (e.g. "brightness", "loudness"), used by explanations. May be empty.</summary>
    public IReadOnlyDictionary<string, float> Stats
    {
        get => _stats ?? _deferred?.Stats(_deferredRow) ?? Empty;
        init => _stats = value;
    }

    private static IReadOnlyDictionary<string, float> Empty { get; } = new Dictionary<string, float>();

    /// <summary>Index of the largest genre probability (the predicted top genre, <see cref="Core.Catalog.TopGenre.IndexOf"/>), or -1 when there are none.</summary>
    public int TopGenre => Core.Catalog.TopGenre.IndexOf(GenreProbabilities);
}
