using Npgsql;
using Timbre.Core.Catalog;
using static Timbre.Storage.Sqlite.SqliteValues;

namespace Timbre.Storage.Postgres;

/// <summary>Stored library map layouts of a PostgreSQL catalog (table <c>library_maps</c>, <see cref="LibraryMapBlobs"/>).</summary>
internal sealed class PostgresLibraryMapRepository(PostgresCatalog catalog) : ILibraryMapRepository
{
    /// <inheritdoc />
    public StoredLibraryMapInfo? FindLibraryMap(string index)
    {
        using var cmd = catalog.Command($"SELECT {LibraryMapBlobs.InfoColumns} FROM library_maps WHERE index_key = @index").With("index", index);
        using var r = cmd.ExecuteReader();
        return r.Read() ? Info(r) : null;
    }

    /// <inheritdoc />
    public StoredLibraryMap? ReadLibraryMap(string index)
    {
        using var cmd = catalog.Command($"SELECT {LibraryMapBlobs.InfoColumns}, points, genre_labels, genres FROM library_maps WHERE index_key = @index")
            .With("index", index);
        using var r = cmd.ExecuteReader();
        return r.Read() ? LibraryMapBlobs.Decode(Info(r), (byte[])r.GetValue(5), r.GetString(6), (byte[])r.GetValue(7)) : null;
    }

    /// <inheritdoc />
    public void WriteLibraryMap(StoredLibraryMap map)
    {
        ArgumentNullException.ThrowIfNull(map);
        map.Validate();
        using var tx = catalog.BeginTransaction();
        using var cmd = catalog.Command(
            """
            INSERT INTO library_maps (index_key, layout_key, content_sequence, computed_at, point_count, points, genre_labels, genres)
            VALUES (@index, @key, @seq, @at, @count, @points, @labels, @genres)
            ON CONFLICT (index_key) DO UPDATE SET layout_key = excluded.layout_key, content_sequence = excluded.content_sequence,
                computed_at = excluded.computed_at, point_count = excluded.point_count, points = excluded.points,
                genre_labels = excluded.genre_labels, genres = excluded.genres
            """)
            .With("index", map.Info.Index).With("key", map.Info.Key).With("seq", map.Info.ContentSequence)
            .With("at", ToUnixMs(map.Info.ComputedAt)).With("count", map.Info.Count).With("points", LibraryMapBlobs.Points(map))
            .With("labels", LibraryMapBlobs.Labels(map)).With("genres", LibraryMapBlobs.Genres(map));
        cmd.ExecuteNonQuery();
        tx.Commit();
    }

    private static StoredLibraryMapInfo Info(NpgsqlDataReader r)
        => new(r.GetString(0), r.GetString(1), r.GetInt64(2), FromUnixMs(r.GetInt64(3)), r.GetInt32(4));
}
