using Npgsql;
using Timbre.Core.Catalog;
using static Timbre.Storage.Sqlite.SqliteValues;
using static Timbre.Storage.CatalogRows;

namespace Timbre.Storage.Postgres;

/// <summary>The tracks of a PostgreSQL catalog (table <c>tracks</c>).</summary>
internal sealed class PostgresTrackRepository : ITrackRepository
{
    private readonly PostgresCatalog _catalog;

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

    /// <inheritdoc />
    public TrackPage ListTracks(TrackQuery query)
    {
        query.Validate();
        var filters = new List<string>();
        var parameters = new List<(string, object)>();
        if (!query.IncludeMissing)
        {
            filters.Add(CatalogSql.FilterPresent);
        }

        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            filters.Add(PostgresSql.FilterSearch);
            parameters.Add(("search", "%" + EscapeLike(query.Search.Trim()) + "%"));
        }

        if (!string.IsNullOrWhiteSpace(query.Genre))
        {
            filters.Add(PostgresSql.FilterGenre);
            parameters.Add(("genre", query.Genre.Trim()));
        }

        AddRange(query.YearFrom, CatalogSql.FilterYearFrom, "yearFrom");
        AddRange(query.YearTo, CatalogSql.FilterYearTo, "yearTo");
        AddRange(query.MinDurationSeconds, CatalogSql.FilterMinDuration, "minDuration");
        AddRange(query.MaxDurationSeconds, CatalogSql.FilterMaxDuration, "maxDuration");
        var where = filters.Count == 0 ? "TRUE" : string.Join(" AND ", filters);

        long total;
        using (var cmd = _catalog.Command(PostgresSql.CountTracks(where)))
        {
            foreach (var (name, value) in parameters)
            {
                cmd.With(name, value);
            }

            total = (long)cmd.ExecuteScalar()!;
        }

        if (query.After is { } after)
        {
            where += " AND " + TrackKeyset.Condition(after, x => $"lower({x})");
            parameters.AddRange(TrackKeyset.Parameters(after).Select(p => ("" + p.Name, p.Value)));
        }

        var items = new List<TrackRecord>();
        using (var cmd = _catalog.Command(PostgresSql.ListTracks(where, PostgresSql.OrderBy(query.Sort, query.Descending))))
        {
            foreach (var (name, value) in parameters)
            {
                cmd.With(name, value);
            }

            cmd.With("limit", (long)query.Limit).With("offset", (long)query.Offset);
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                items.Add(ReadTrack(r));
            }
        }

        return new TrackPage(items, total)
        {
            Next = items.Count == query.Limit ? TrackCursor.Of(items[^1], query.Sort, query.Descending) : null,
        };

        void AddRange<T>(T? value, string filter, string name)
            where T : struct
        {
            if (value is { } v)
            {
                filters.Add(filter);
                parameters.Add((name, v));
            }
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


    private static string EscapeLike(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal)
            .Replace("%", "\\%", StringComparison.Ordinal)
            .Replace("_", "\\_", StringComparison.Ordinal);
}
