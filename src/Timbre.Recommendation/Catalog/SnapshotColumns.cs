using Timbre.Core.Catalog;
using Timbre.Recommendation.Domain;
using Timbre.Recommendation.Ranking;
using Timbre.Recommendation.Similarity;

namespace Timbre.Recommendation.Catalog;

/// <summary>
/// The per-track columns of a <see cref="SnapshotFile"/> (row r of each is the snapshot's row r).
/// </summary>
/// <param name="Sequence">The catalog's content sequence (<see cref="ICatalogHealth.ContentSequence"/>) they were read at.</param>
/// <param name="VersionKey">The context's feature version key.</param>
/// <param name="OptionsKey">The load options that shape the rows (<see cref="CatalogLoadOptions.SnapshotKey"/>).</param>
/// <param name="GenreInfo">Where the genre probabilities came from.</param>
/// <param name="Labels">Genre labels (the probabilities' order).</param>
/// <param name="StatNames">Names of the explained statistics.</param>
/// <param name="GenreNames">Distinct track labels (<see cref="TrackFeatures.Genre"/>) that <paramref name="GenreOfRow"/> points into.</param>
/// <param name="Ids">Track ids.</param>
/// <param name="Durations">Durations in seconds.</param>
/// <param name="LabelOfRow">Index into <paramref name="Labels"/> of each row's label, or -1.</param>
/// <param name="GenreOfRow">Index into <paramref name="GenreNames"/> of each row's genre, or -1 (null).</param>
/// <param name="Probabilities">Rows × labels genre probabilities.</param>
/// <param name="Stats">Rows × statistics values (NaN: not known).</param>
/// <param name="Hashes">XxHash3 of each stored vector (<see cref="SimilarityIndex.RowHash"/>).</param>
/// <param name="NameKeys">Each row's near-duplicate key (<see cref="TrackKey.Hashes"/>, 0 = none).</param>
/// <param name="ArtistKeys">Each row's artist key for the per-artist cap (<see cref="TrackKey.Hashes"/>, 0 = none).</param>
public sealed record SnapshotColumns(
    long Sequence,
    string VersionKey,
    string OptionsKey,
    GenreInfo GenreInfo,
    string[] Labels,
    string[] StatNames,
    string[] GenreNames,
    long[] Ids,
    double[] Durations,
    int[] LabelOfRow,
    int[] GenreOfRow,
    float[] Probabilities,
    float[] Stats,
    ulong[] Hashes,
    ulong[] NameKeys,
    ulong[] ArtistKeys)
{
    /// <summary>The columns of a loaded snapshot (its tracks, in row order).</summary>
    public static SnapshotColumns Of(CatalogSnapshot snapshot, long sequence, string optionsKey)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var context = snapshot.Context;
        var n = context.Tracks.Count;
        var labels = context.GenreLabels.ToArray();
        var statNames = snapshot.Options.SummaryStats.Keys.Order(StringComparer.Ordinal).ToArray();
        var genreNames = new List<string>();
        var genreCode = new Dictionary<string, int>(StringComparer.Ordinal);
        var durations = new double[n];
        var genreOfRow = new int[n];
        var probabilities = new float[(long)n * labels.Length];
        var stats = new float[(long)n * statNames.Length];
        var hashes = new ulong[n];
        var nameKeys = new ulong[n];
        var artistKeys = new ulong[n];
        for (var r = 0; r < n; r++)
        {
            var t = context.Tracks[r];
            durations[r] = t.DurationSeconds;
            genreOfRow[r] = t.Genre is null ? -1 : genreCode.TryGetValue(t.Genre, out var code) ? code : genreCode[t.Genre] = AddName(genreNames, t.Genre);
            t.GenreProbabilities.CopyTo(probabilities, (long)r * labels.Length);
            for (var s = 0; s < statNames.Length; s++)
            {
                stats[((long)r * statNames.Length) + s] = t.Stats.TryGetValue(statNames[s], out var v) ? v : float.NaN;
            }

            hashes[r] = context.Index.RowHash(r);
            (nameKeys[r], artistKeys[r]) = t.SelectionKeys;
        }

        return new SnapshotColumns(
            sequence, context.FeatureVersion, optionsKey, snapshot.GenreInfo, labels, statNames, [.. genreNames],
            [.. Enumerable.Range(0, n).Select(context.Index.IdAt)], durations, snapshot.LabelOfRow.ToArray(), genreOfRow, probabilities, stats, hashes, nameKeys, artistKeys);
    }

    private static int AddName(List<string> names, string name)
    {
        names.Add(name);
        return names.Count - 1;
    }
}

/// <summary>What deferred tracks of a file-backed snapshot read: tags from the catalog, the rest from the file's columns.</summary>
internal sealed class FileTrackData(SnapshotColumns columns, FileMatrix vectors, ITrackMetadata metadata) : IDeferredTrackData
{
    public (string Title, string Artist, string Album, string Path) Tags(long id)
    {
        var t = metadata.Find(id);
        return t is null
            ? ("", "", "", "")
            : (string.IsNullOrWhiteSpace(t.Title) ? Path.GetFileNameWithoutExtension(t.Path) : t.Title, t.Artist ?? "", t.Album ?? "", t.Path);
    }

    public (ulong Name, ulong Artist) Keys(int row) => (columns.NameKeys[row], columns.ArtistKeys[row]);

    public float[] Embedding(int row) => vectors.Row(row);

    public IReadOnlyDictionary<string, float> Stats(int row)
    {
        var names = columns.StatNames;
        var stats = new Dictionary<string, float>(names.Length, StringComparer.Ordinal);
        for (var s = 0; s < names.Length; s++)
        {
            var v = columns.Stats[((long)row * names.Length) + s];
            if (!float.IsNaN(v))
            {
                stats[names[s]] = v;
            }
        }

        return stats;
    }

    public string? Genre(int row) => columns.GenreOfRow[row] is var g and >= 0 ? columns.GenreNames[g] : null;
}
