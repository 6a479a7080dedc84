using Microsoft.Data.Sqlite;
using Timbre.Core.Catalog;
using static Timbre.Storage.Sqlite.SqliteValues;
using static Timbre.Storage.CatalogRows;

namespace Timbre.Storage.Sqlite;

/// <summary>The tracks of a SQLite catalog (table <c>tracks</c>); saving analyses upserts tracks through <see cref="UpsertTrackCore"/>.</summary>
internal sealed class SqliteTrackRepository : ITrackRepository
{
    private static readonly TrackFilterDialect Dialect = new(
        SqliteSql.FilterGenre,
        (text, bind) =>
        {
            if (SqliteSql.SearchPhrase(text) is not { } phrase)
            {
                return SqliteSql.FilterSearch;
            }

            bind("match", phrase);
            return SqliteSql.FilterSearchIndexed;
        },
        x => $"{x} COLLATE NOCASE");

    // A common search text (see ListTracks): LIKE alone, so the page walks the sort's index.
    private static readonly TrackFilterDialect WalkDialect = Dialect with { Search = (_, _) => SqliteSql.FilterSearch };

    private readonly SqliteCatalog _catalog;

    // Row counts of library queries by filter, with the content sequence they were counted at (see CountTracks).
    private readonly Dictionary<string, (long Sequence, long Total)> _counts = new(StringComparer.Ordinal);

    /// <summary>Tracks of <paramref name="catalog"/>.</summary>
    public SqliteTrackRepository(SqliteCatalog catalog) => _catalog = catalog;

    /// <inheritdoc />
    public TrackRecord UpsertTrack(TrackRecord track, long? scanId = null)
    {
        using var tx = _catalog.BeginTransaction();
        using var commands = new TrackCommands(_catalog, tx, scanId);
        var saved = UpsertTrackCore(track, commands);
        tx.Commit();
        return saved;
    }

    /// <inheritdoc />
    public TrackRecord? FindTrackByPath(string path)
    {
        using var cmd = _catalog.Command(CatalogSql.SelectTrackByPath);
        cmd.Parameters.AddWithValue("@path", path);
        return ReadSingleTrack(cmd);
    }

    /// <inheritdoc />
    public TrackRecord? FindTrack(long id)
    {
        using var cmd = _catalog.Command(CatalogSql.SelectTrackById);
        cmd.Parameters.AddWithValue("@id", id);
        return ReadSingleTrack(cmd);
    }

    /// <inheritdoc />
    /// <remarks>
    /// A search text the trigram index finds in more than <see cref="SqliteCatalogOptions.CommonSearchMatches"/>
    /// tracks is read the other way round: the page walks the sort's index and re-checks each row (frequent matches
    /// fill it after a few pages' worth of rows) and the total is counted up to that number, so a page costs the
    /// same for "the" as for a rare word instead of reading and sorting hundreds of thousands of matches.
    /// </remarks>
    public TrackPage ListTracks(TrackQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var common = IsCommonSearch(query, out var phrase);
        var filter = TrackFilter.Of(query, common ? WalkDialect : Dialect);
        var (total, lowerBound) = common ? CountCapped(filter, phrase!) : (CountTracks(filter), false);
        var items = new List<TrackRecord>();
        if (total == 0)
        {
            return TrackFilter.Page(items, total, query); // nothing matches: no walk of the sort's index looking for it
        }

        using (var cmd = _catalog.Command(SqliteSql.ListTracks(filter.PageWhere, SqliteSql.OrderBy(query.Sort, query.Descending))))
        {
            Bind(cmd, filter.PageParameters);
            cmd.Parameters.AddWithValue("@limit", query.Limit);
            cmd.Parameters.AddWithValue("@offset", query.Offset);
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                items.Add(ReadTrack(r));
            }
        }

        return TrackFilter.Page(items, total, query) with { TotalIsLowerBound = lowerBound };
    }

    /// <summary>
    /// Whether the query's search text is common (see <see cref="ListTracks"/>). Only for lists of present tracks:
    /// the sort indexes lead with the status, so a list including missing tracks could not walk them in order.
    /// </summary>
    private bool IsCommonSearch(TrackQuery query, out string? phrase)
    {
        phrase = string.IsNullOrWhiteSpace(query.Search) || query.IncludeMissing ? null : SqliteSql.SearchPhrase(query.Search.Trim());
        if (phrase is null)
        {
            return false;
        }

        var common = _catalog.Options.CommonSearchMatches;
        using var cmd = _catalog.Command(SqliteSql.SearchIndexMatches);
        cmd.Parameters.AddWithValue("@match", phrase);
        cmd.Parameters.AddWithValue("@cap", common + 1);
        return (long)cmd.ExecuteScalar()! > common;
    }

    /// <summary>The rows a common search's filter matches, counted up to <see cref="SqliteCatalogOptions.CommonSearchMatches"/>.</summary>
    private (long Total, bool LowerBound) CountCapped(TrackFilter filter, string phrase)
    {
        var cap = _catalog.Options.CommonSearchMatches;
        using var cmd = _catalog.Command(SqliteSql.CountTracksCapped(filter.Where));
        Bind(cmd, filter.Parameters);
        cmd.Parameters.AddWithValue("@match", phrase);
        cmd.Parameters.AddWithValue("@cap", cap);
        var total = (long)cmd.ExecuteScalar()!;
        return (total, total >= cap);
    }

    /// <summary>
    /// The rows a query's filter matches. Counting walks every matching row (over a million tracks ≈ 50 ms CPU for a
    /// library page), so counts are kept per filter with the catalog's content sequence and reused while it has not
    /// moved (its triggers fire on every column a filter reads: status, tags, year, genre, duration, path).
    /// </summary>
    private long CountTracks(TrackFilter filter)
    {
        var key = filter.Where + "|" + string.Join("|", filter.Parameters.Select(p => $"{p.Name}={p.Value}"));
        long sequence;
        using (var seq = _catalog.Command(SqliteSql.ContentSequence))
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

        using var cmd = _catalog.Command(SqliteSql.CountTracks(filter.Where));
        Bind(cmd, filter.Parameters);
        var total = (long)cmd.ExecuteScalar()!;
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

    private static void Bind(SqliteCommand cmd, IEnumerable<(string Name, object Value)> parameters)
    {
        foreach (var (name, value) in parameters)
        {
            cmd.Parameters.AddWithValue("@" + name, value);
        }
    }

    /// <inheritdoc />
    public bool DeleteTrack(long id)
    {
        // Analyses and interactions go with the row (ON DELETE CASCADE, foreign keys are on).
        using var cmd = _catalog.Command(CatalogSql.DeleteTrack);
        cmd.Parameters.AddWithValue("@id", id);
        return cmd.ExecuteNonQuery() > 0;
    }

    /// <inheritdoc />
    public OwnedTracksUsage GetOwnedTracksUsage(long userId)
    {
        using var cmd = _catalog.Command(SqliteSql.OwnedTracksUsage);
        cmd.Parameters.AddWithValue("@user", userId);
        using var r = cmd.ExecuteReader();
        r.Read();
        return new OwnedTracksUsage(r.GetInt64(0), r.GetInt64(1));
    }

    /// <summary>
    /// The change rule shared by <see cref="SqliteScanRepository.NeedsAnalysis"/> and saving: a different size is always a change; with
    /// both hashes known, a different hash is a change and an equal one is not (a touched file); otherwise a
    /// different mtime is a change.
    /// </summary>
    internal static bool IsChanged(long storedSize, long storedTicks, string? storedHash, long size, long ticks, string? hash) =>
        StoredFile.IsChanged(storedSize, new DateTime(storedTicks, DateTimeKind.Utc), storedHash, size, new DateTime(ticks, DateTimeKind.Utc), hash);

    internal static TrackRecord UpsertTrackCore(TrackRecord track, TrackCommands c)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(track.Path);
        if (track.SizeBytes < 0)
        {
            throw new CatalogException($"Track {track.Path}: size must be ≥ 0, got {track.SizeBytes}.");
        }

        var ticks = ToUtcTicks(track.ModifiedUtc);
        c.StatePath.Value = track.Path;
        using (var r = c.State.ExecuteReader())
        {
            if (r.Read())
            {
                var id = r.GetInt64(0);
                var storedHash = r.IsDBNull(3) ? null : r.GetString(3);
                if (IsChanged(r.GetInt64(1), r.GetInt64(2), storedHash, track.SizeBytes, ticks, track.ContentHash))
                {
                    c.DeleteAnalysesId.Value = id;
                    r.Close();
                    c.DeleteAnalyses.ExecuteNonQuery();
                }
            }
        }

        var p = c.Upsert.Parameters;
        p["@path"].Value = track.Path;
        p["@size"].Value = track.SizeBytes;
        p["@mtime"].Value = ticks;
        p["@hash"].Value = Db(track.ContentHash);
        p["@title"].Value = Db(track.Title);
        p["@artist"].Value = Db(track.Artist);
        p["@album"].Value = Db(track.Album);
        p["@genre"].Value = Db(track.GenreTag);
        p["@year"].Value = Db(track.Year);
        p["@duration"].Value = track.DurationSeconds;
        p["@owner"].Value = Db(track.OwnerUserId);
        long newId;
        long? owner;
        using (var r = c.Upsert.ExecuteReader())
        {
            r.Read();
            newId = r.GetInt64(0);
            owner = r.IsDBNull(1) ? null : r.GetInt64(1);
        }

        return track with { Id = newId, ModifiedUtc = new DateTime(ticks, DateTimeKind.Utc), Status = TrackStatus.Present, OwnerUserId = owner };
    }

    internal static TrackRecord? ReadSingleTrack(SqliteCommand cmd)
    {
        using var r = cmd.ExecuteReader();
        return r.Read() ? ReadTrack(r) : null;
    }



    /// <summary>Prepared commands reused for every track of a batch.</summary>
    internal sealed class TrackCommands : IDisposable
    {
        public TrackCommands(SqliteCatalog catalog, SqliteTransaction tx, long? scanId = null)
        {
            State = catalog.Command(CatalogSql.SelectTrackState, tx);
            StatePath = State.Parameters.Add("@path", SqliteType.Text);
            DeleteAnalyses = catalog.Command(CatalogSql.DeleteTrackAnalyses, tx);
            DeleteAnalysesId = DeleteAnalyses.Parameters.Add("@id", SqliteType.Integer);
            Upsert = catalog.Command(SqliteSql.UpsertTrack, tx);
            foreach (var name in new[] { "@path", "@size", "@mtime", "@hash", "@title", "@artist", "@album", "@genre", "@year", "@duration", "@owner" })
            {
                Upsert.Parameters.Add(new SqliteParameter(name, DBNull.Value));
            }

            Upsert.Parameters.Add(new SqliteParameter("@scan", Db(scanId)));
        }

        public SqliteCommand State { get; }

        public SqliteParameter StatePath { get; }

        public SqliteCommand DeleteAnalyses { get; }

        public SqliteParameter DeleteAnalysesId { get; }

        public SqliteCommand Upsert { get; }

        public void Dispose()
        {
            State.Dispose();
            DeleteAnalyses.Dispose();
            Upsert.Dispose();
        }
    }
}
