using Npgsql;
using Timbre.Core.Catalog;
using static Timbre.Storage.Sqlite.SqliteValues;
using static Timbre.Storage.CatalogRows;

namespace Timbre.Storage.Postgres;

/// <summary>The tracks of a PostgreSQL catalog (table <c>tracks</c>).</summary>
internal sealed class PostgresTrackRepository : ITrackRepository
{
    private static readonly TrackFilterDialect Dialect = new(PostgresSql.FilterGenre, (_, _) => PostgresSql.FilterSearch, x => $"lower({x})");

    private readonly PostgresCatalog _catalog;

    // Row counts of library queries by filter, with the content sequence they were counted at (see CountTracks).
    private readonly Dictionary<string, (long Sequence, long Total)> _counts = new(StringComparer.Ordinal);

    /// <summary>Tracks of <paramref name="catalog"/>.</summary>
    public PostgresTrackRepository(PostgresCatalog catalog) => _catalog = catalog;

    /// <inheritdoc />
    public TrackRecord UpsertTrack(TrackRecord track, long? scanId = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(track.Path);
        if (track.SizeBytes < 0)
        {
            throw new CatalogException($"Track {track.Path}: size must be ≥ 0, got {track.SizeBytes}.");
        }

        var ticks = ToUtcTicks(track.ModifiedUtc);
        using var tx = _catalog.BeginTransaction();
        using (var state = _catalog.Command(CatalogSql.SelectTrackState).With("path", track.Path))
        using (var r = state.ExecuteReader())
        {
            if (r.Read())
            {
                var id = r.GetInt64(0);
                var storedHash = r.IsDBNull(3) ? null : r.GetString(3);
                var changed = StoredFile.IsChanged(
                    r.GetInt64(1), new DateTime(r.GetInt64(2), DateTimeKind.Utc), storedHash, track.SizeBytes, new DateTime(ticks, DateTimeKind.Utc), track.ContentHash);
                r.Close();
                if (changed)
                {
                    using var delete = _catalog.Command(CatalogSql.DeleteTrackAnalyses).With("id", id);
                    delete.ExecuteNonQuery();
                }
            }
        }

        long newId;
        long? owner;
        using (var cmd = _catalog.Command(PostgresSql.UpsertTrack))
        {
            cmd.With("path", track.Path).With("size", track.SizeBytes).With("mtime", ticks).With("hash", track.ContentHash)
                .With("title", track.Title).With("artist", track.Artist).With("album", track.Album).With("genre", track.GenreTag)
                .With("year", track.Year).With("duration", track.DurationSeconds).With("owner", track.OwnerUserId);
            cmd.Parameters.Add(new NpgsqlParameter<long?>("scan", NpgsqlTypes.NpgsqlDbType.Bigint) { TypedValue = scanId });
            using var r = cmd.ExecuteReader();
            r.Read();
            newId = r.GetInt64(0);
            owner = r.IsDBNull(1) ? null : r.GetInt64(1);
        }

        tx.Commit();
        return track with { Id = newId, ModifiedUtc = new DateTime(ticks, DateTimeKind.Utc), Status = TrackStatus.Present, OwnerUserId = owner };
    }

    /// <inheritdoc />
    public TrackRecord? FindTrackByPath(string path)
    {
        using var cmd = _catalog.Command(CatalogSql.SelectTrackByPath).With("path", path);
        return ReadSingleTrack(cmd);
    }

    /// <inheritdoc />
    public TrackRecord? FindTrack(long id)
    {
        using var cmd = _catalog.Command(CatalogSql.SelectTrackById).With("id", id);
        return ReadSingleTrack(cmd);
    }

    /// <summary>
    /// The rows a query's filter matches, kept per filter with the catalog's content sequence and reused while it has
    /// not moved (every statement on tracks or analyses moves it), as the SQLite store does: a genre's count reads
    /// every row of that genre (≈ 1 M index entries per request at 10 M tracks and a 10 % genre otherwise).
    /// </summary>
    private long CountTracks(TrackFilter filter)
    {
        var key = filter.Where + "|" + string.Join("|", filter.Parameters.Select(p => $"{p.Name}={p.Value}"));
        long sequence;
        using (var seq = _catalog.Command(PostgresSql.ContentSequence))
        {
            sequence = (long)seq.ExecuteScalar()!;
        }

        lock (_counts)
        {
            if (_counts.TryGetValue(key, out var known) && known.Sequence == sequence)
            {
                return known.Total;
            }
        }

        long total;
        using (var cmd = _catalog.Command(PostgresSql.CountTracks(filter.Where)))
        {
            Bind(cmd, filter.Parameters);
            total = (long)cmd.ExecuteScalar()!;
        }

        lock (_counts)
        {
            if (_counts.Count >= 256)
            {
                _counts.Clear();
            }

            _counts[key] = (sequence, total);
        }

        return total;
    }

    /// <inheritdoc />
    public TrackPage ListTracks(TrackQuery query)
    {
        var filter = TrackFilter.Of(query, Dialect);
        var total = CountTracks(filter);

        var items = new List<TrackRecord>();
        if (total == 0)
        {
            return TrackFilter.Page(items, total, query); // nothing matches: no walk of the sort's index looking for it
        }

        using (var cmd = _catalog.Command(PostgresSql.ListTracks(filter.PageWhere, PostgresSql.OrderBy(query.Sort, query.Descending))))
        {
            Bind(cmd, filter.PageParameters);
            cmd.With("limit", (long)query.Limit).With("offset", (long)query.Offset);
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                items.Add(ReadTrack(r));
            }
        }

        return TrackFilter.Page(items, total, query);
    }

    private static void Bind(NpgsqlCommand cmd, IEnumerable<(string Name, object Value)> parameters)
    {
        foreach (var (name, value) in parameters)
        {
            cmd.With(name, value);
        }
    }

    /// <inheritdoc />
    public bool DeleteTrack(long id)
    {
        // Analyses and interactions go with the row (ON DELETE CASCADE).
        using var cmd = _catalog.Command(CatalogSql.DeleteTrack).With("id", id);
        return cmd.ExecuteNonQuery() > 0;
    }

    /// <inheritdoc />
    public OwnedTracksUsage GetOwnedTracksUsage(long userId)
    {
        using var cmd = _catalog.Command(PostgresSql.OwnedTracksUsage).With("user", userId);
        using var r = cmd.ExecuteReader();
        r.Read();
        return new OwnedTracksUsage(r.GetInt64(0), r.GetInt64(1));
    }

    internal static TrackRecord? ReadSingleTrack(NpgsqlCommand cmd)
    {
        using var r = cmd.ExecuteReader();
        return r.Read() ? ReadTrack(r) : null;
    }


}
