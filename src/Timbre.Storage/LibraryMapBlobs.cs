using System.Buffers.Binary;
using System.Text.Json;
using Timbre.Core.Catalog;

namespace Timbre.Storage;

/// <summary>
/// How both stores encode a library map layout (table <c>library_maps</c>): <c>points</c> holds 16 bytes per track,
/// little-endian (id int64, x float32, y float32), <c>genres</c> 2 bytes per track (int16, −1 for none; empty when
/// there are no predictions), <c>genre_labels</c> a JSON array of strings.
/// </summary>
internal static class LibraryMapBlobs
{
    /// <summary>Columns of <c>library_maps</c> read for the header, in order.</summary>
    public const string InfoColumns = "index_key, layout_key, content_sequence, computed_at, point_count";

    /// <summary>Bytes per point in <c>points</c>.</summary>
    public const int PointBytes = 16;

    /// <summary>The <c>points</c> blob of <paramref name="map"/>.</summary>
    public static byte[] Points(StoredLibraryMap map)
    {
        var bytes = new byte[map.Ids.Length * PointBytes];
        for (var i = 0; i < map.Ids.Length; i++)
        {
            var span = bytes.AsSpan(i * PointBytes, PointBytes);
            BinaryPrimitives.WriteInt64LittleEndian(span, map.Ids[i]);
            BinaryPrimitives.WriteSingleLittleEndian(span[8..], map.X[i]);
            BinaryPrimitives.WriteSingleLittleEndian(span[12..], map.Y[i]);
        }

        return bytes;
    }

    /// <summary>The <c>genres</c> blob of <paramref name="map"/>.</summary>
    public static byte[] Genres(StoredLibraryMap map)
    {
        var bytes = new byte[map.Genres.Length * 2];
        for (var i = 0; i < map.Genres.Length; i++)
        {
            BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(i * 2, 2), map.Genres[i]);
        }

        return bytes;
    }

    /// <summary>The <c>genre_labels</c> text of <paramref name="map"/>.</summary>
    public static string Labels(StoredLibraryMap map) => JsonSerializer.Serialize(map.GenreLabels);

    /// <summary>The map from its stored columns; a <see cref="CatalogException"/> when they disagree.</summary>
    public static StoredLibraryMap Decode(StoredLibraryMapInfo info, byte[] points, string labels, byte[] genres)
    {
        var n = points.Length / PointBytes;
        if (points.Length % PointBytes != 0 || n != info.Count || (genres.Length != 0 && genres.Length != 2 * n))
        {
            throw new CatalogException($"The stored library map of '{info.Index}' is damaged ({points.Length} bytes of points, {genres.Length} of genres, {info.Count} points); compute it again (timbre map).");
        }

        var ids = new long[n];
        var x = new float[n];
        var y = new float[n];
        for (var i = 0; i < n; i++)
        {
            var span = points.AsSpan(i * PointBytes, PointBytes);
            ids[i] = BinaryPrimitives.ReadInt64LittleEndian(span);
            x[i] = BinaryPrimitives.ReadSingleLittleEndian(span[8..]);
            y[i] = BinaryPrimitives.ReadSingleLittleEndian(span[12..]);
        }

        var g = new short[genres.Length / 2];
        for (var i = 0; i < g.Length; i++)
        {
            g[i] = BinaryPrimitives.ReadInt16LittleEndian(genres.AsSpan(i * 2, 2));
        }

        return new StoredLibraryMap(info, ids, x, y, JsonSerializer.Deserialize<string[]>(labels) ?? [], g);
    }
}
