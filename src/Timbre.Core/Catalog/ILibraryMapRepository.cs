namespace Timbre.Core.Catalog;

/// <summary>
/// The library map's layout as stored with the catalog (one per index: an analysis set or fitted embedding space), so
/// it is computed once by a job and read by every front-end. Writing a layout does not move
/// <see cref="ICatalogHealth.ContentSequence"/>. Errors are <see cref="CatalogException"/>.
/// </summary>
public interface ILibraryMapRepository
{
    /// <summary>The stored layout of <paramref name="index"/> without its points (cheap: a staleness check), or null.</summary>
    StoredLibraryMapInfo? FindLibraryMap(string index);

    /// <summary>The stored layout of <paramref name="index"/> with its points, or null.</summary>
    StoredLibraryMap? ReadLibraryMap(string index);

    /// <summary>Stores <paramref name="map"/>, replacing the layout of its index in one transaction.</summary>
    void WriteLibraryMap(StoredLibraryMap map);
}

/// <summary>What a stored layout was made from.</summary>
/// <param name="Index">The index it lays out: the analysis set's version key or the fitted space's key.</param>
/// <param name="Key">What the layout depends on (the set, the t-SNE seed and a hash of the track ids and vectors): equal keys, equal layouts.</param>
/// <param name="ContentSequence">The catalog's <see cref="ICatalogHealth.ContentSequence"/> its input was read at (−1: unknown); the layout is current while the sequence has not moved.</param>
/// <param name="ComputedAt">When it was computed (UTC).</param>
/// <param name="Count">Points in the layout.</param>
public sealed record StoredLibraryMapInfo(string Index, string Key, long ContentSequence, DateTimeOffset ComputedAt, int Count);

/// <summary>
/// A stored layout: 16 bytes per track (id, x, y; coordinates in [0, 1]) plus 2 for its predicted genre (an index into
/// <see cref="GenreLabels"/>, −1 for none).
/// </summary>
/// <param name="Info">What it was made from.</param>
/// <param name="Ids">Track ids, in the index's row order.</param>
/// <param name="X">x per track.</param>
/// <param name="Y">y per track.</param>
/// <param name="GenreLabels">The labels <paramref name="Genres"/> points into.</param>
/// <param name="Genres">Predicted genre per track (−1: none); empty when the index has no genre predictions.</param>
public sealed record StoredLibraryMap(StoredLibraryMapInfo Info, long[] Ids, float[] X, float[] Y, IReadOnlyList<string> GenreLabels, short[] Genres)
{
    /// <summary>Throws <see cref="ArgumentException"/> when the arrays disagree in length with each other or with the count; returns this.</summary>
    public StoredLibraryMap Validate()
    {
        ArgumentNullException.ThrowIfNull(Info);
        ArgumentException.ThrowIfNullOrWhiteSpace(Info.Index);
        if (X.Length != Ids.Length || Y.Length != Ids.Length || Info.Count != Ids.Length || (Genres.Length != 0 && Genres.Length != Ids.Length))
        {
            throw new ArgumentException($"A stored map needs one id, x, y (and genre, when any) per point: {Ids.Length} ids, {X.Length} x, {Y.Length} y, {Genres.Length} genres, count {Info.Count}.");
        }

        if (Genres.Any(g => g < -1 || g >= GenreLabels.Count))
        {
            throw new ArgumentException($"A genre index is outside the {GenreLabels.Count} labels.");
        }

        return this;
    }
}
