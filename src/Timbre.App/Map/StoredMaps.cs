using Timbre.Core.Catalog;

namespace Timbre.App.Map;

/// <summary>A <see cref="LibraryMap"/> as the catalog stores it (<see cref="StoredLibraryMap"/>) and back.</summary>
public static class StoredMaps
{
    /// <summary>
    /// <paramref name="map"/> of index <paramref name="index"/>, stamped with <paramref name="sequence"/>; each point's
    /// predicted genre from <paramref name="genreOfPoint"/> (by point position; null for none), labels sorted ordinally.
    /// </summary>
    public static StoredLibraryMap FromMap(LibraryMap map, string index, long sequence, Func<int, string?> genreOfPoint)
    {
        ArgumentNullException.ThrowIfNull(map);
        ArgumentNullException.ThrowIfNull(genreOfPoint);
        var n = map.Points.Count;
        var names = Enumerable.Range(0, n).Select(genreOfPoint).ToArray();
        var labels = names.OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (labels.Count > short.MaxValue)
        {
            labels.Clear(); // never for a genre vocabulary; the map is then drawn without predictions
        }

        var position = labels.Select((l, i) => (l, i)).ToDictionary(p => p.l, p => (short)p.i, StringComparer.Ordinal);
        short[] genres = labels.Count == 0 ? [] : [.. names.Select(g => g is not null && position.TryGetValue(g, out var i) ? i : (short)-1)];
        var info = new StoredLibraryMapInfo(index, map.Key, sequence, DateTimeOffset.UtcNow, n);
        return new StoredLibraryMap(
            info, [.. map.Points.Select(p => p.Id)], [.. map.Points.Select(p => p.X)], [.. map.Points.Select(p => p.Y)], labels, genres).Validate();
    }

    /// <summary>The layout of <paramref name="stored"/>.</summary>
    public static LibraryMap ToMap(StoredLibraryMap stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        return new LibraryMap(stored.Info.Key, [.. stored.Ids.Select((id, i) => new MapPoint(id, stored.X[i], stored.Y[i]))]);
    }

    /// <summary>The predicted genre of point <paramref name="i"/>, or null.</summary>
    public static string? GenreOf(StoredLibraryMap stored, int i)
    {
        ArgumentNullException.ThrowIfNull(stored);
        return stored.Genres.Length == 0 || stored.Genres[i] < 0 ? null : stored.GenreLabels[stored.Genres[i]];
    }
}
