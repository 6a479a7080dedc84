using NpgsqlTypes;
using Timbre.Core.Catalog;
using Timbre.Storage.Sqlite;
using static Timbre.Storage.Sqlite.SqliteValues;

namespace Timbre.Storage.Postgres;

/// <summary>
/// Saving a batch of analyses: binary COPY of every row into a session-private temporary table, then set-based merges
/// (drop the analyses of changed files, upsert the tracks, upsert the analyses, clear failures and in-progress marks),
/// all in ONE transaction.
/// </summary>
internal sealed partial class PostgresAnalysisRepository
{
    private const string CreateBatchTable = """
        CREATE TEMP TABLE IF NOT EXISTS timbre_batch (
            ord integer NOT NULL, path text COLLATE "C" NOT NULL, size_bytes bigint NOT NULL, mtime_ticks bigint NOT NULL,
            content_hash text, title text, artist text, album text, genre_tag text, year integer,
            duration_s double precision NOT NULL, owner_user_id bigint, model_id text COLLATE "C" NOT NULL,
            feature_version integer NOT NULL, embedding bytea NOT NULL, genre_probs bytea NOT NULL, summary bytea NOT NULL,
            analysed_at bigint NOT NULL, top_genre text
        ) ON COMMIT DELETE ROWS
        """;

    private const string CopyBatch = """
        COPY timbre_batch (ord, path, size_bytes, mtime_ticks, content_hash, title, artist, album, genre_tag, year, duration_s,
                           owner_user_id, model_id, feature_version, embedding, genre_probs, summary, analysed_at, top_genre)
        FROM STDIN (FORMAT BINARY)
        """;

    // A changed file (first occurrence in the batch against the stored row) loses its analyses of every model.
    private const string DropChangedAnalyses = $"""
        DELETE FROM analyses a
        USING tracks t, (SELECT DISTINCT ON (path) path, size_bytes, mtime_ticks, content_hash FROM timbre_batch ORDER BY path, ord) b
        WHERE a.track_id = t.id AND t.path = b.path AND {PostgresSql.Changed}
        """;

    // One row per path (its last occurrence), inserted in the order of first occurrence so new ids follow the input.
    private const string UpsertBatchTracks = $"""
        INSERT INTO tracks (path, size_bytes, mtime_ticks, content_hash, title, artist, album, genre_tag, year,
                            duration_s, status, last_seen_scan, owner_user_id)
        SELECT path, size_bytes, mtime_ticks, content_hash, title, artist, album, genre_tag, year, duration_s, 0,
               COALESCE(@scan, {PostgresSql.CurrentScan}), owner
        FROM (SELECT DISTINCT ON (path) *, min(ord) OVER (PARTITION BY path) AS first_ord,
                     max(owner_user_id) OVER (PARTITION BY path) AS owner
              FROM timbre_batch ORDER BY path, ord DESC) b
        ORDER BY first_ord
        ON CONFLICT (path) DO UPDATE SET
            size_bytes = excluded.size_bytes, mtime_ticks = excluded.mtime_ticks, content_hash = excluded.content_hash,
            title = excluded.title, artist = excluded.artist, album = excluded.album, genre_tag = excluded.genre_tag,
            year = excluded.year, duration_s = excluded.duration_s, status = 0, last_seen_scan = excluded.last_seen_scan,
            owner_user_id = COALESCE(excluded.owner_user_id, tracks.owner_user_id)
        RETURNING id, path, owner_user_id
        """;

    private const string UpsertBatchAnalyses = """
        INSERT INTO analyses (track_id, model_id, feature_version, embedding, genre_probs, summary, analysed_at, top_genre)
        SELECT DISTINCT ON (t.id, b.model_id, b.feature_version)
               t.id, b.model_id, b.feature_version, b.embedding, b.genre_probs, b.summary, b.analysed_at, b.top_genre
        FROM timbre_batch b JOIN tracks t ON t.path = b.path
        ORDER BY t.id, b.model_id, b.feature_version, b.ord DESC
        ON CONFLICT (track_id, model_id, feature_version) DO UPDATE SET
            embedding = excluded.embedding, genre_probs = excluded.genre_probs, summary = excluded.summary,
            analysed_at = excluded.analysed_at, top_genre = excluded.top_genre
        """;

    private const string ClearBatchFailuresAndMarks = """
        DELETE FROM scan_failures WHERE path IN (SELECT path FROM timbre_batch);
        DELETE FROM scan_in_progress WHERE path IN (SELECT path FROM timbre_batch)
        """;

    /// <inheritdoc />
    public IReadOnlyList<TrackRecord> SaveAnalysesBatch(IEnumerable<(TrackRecord Track, AnalysisRecord Analysis)> batch, long? scanId = null)
    {
        ArgumentNullException.ThrowIfNull(batch);
        // Enumerate first: a failing enumerable (or a bad row) throws before anything is written.
        var rows = new List<(TrackRecord Track, AnalysisRecord Analysis)>();
        foreach (var (track, analysis) in batch)
        {
            ArgumentNullException.ThrowIfNull(track);
            ArgumentNullException.ThrowIfNull(analysis);
            ArgumentException.ThrowIfNullOrWhiteSpace(track.Path);
            if (track.SizeBytes < 0)
            {
                throw new CatalogException($"Track {track.Path}: size must be ≥ 0, got {track.SizeBytes}.");
            }

            rows.Add((track, analysis));
        }

        if (rows.Count == 0)
        {
            return [];
        }

        var newSets = new Dictionary<(string, int), AnalysisSet>();
        var saved = new Dictionary<string, (long Id, long? Owner)>(StringComparer.Ordinal);
        using (var tx = _catalog.BeginTransaction())
        {
            // Any exception below disposes the transaction uncommitted, which rolls the whole batch back.
            foreach (var (_, analysis) in rows)
            {
                ResolveSet(analysis, newSets);
            }

            Execute(CreateBatchTable);
            Copy(rows);
            Execute(DropChangedAnalyses);
            using (var cmd = _catalog.Command(UpsertBatchTracks))
            {
                cmd.Parameters.Add(new Npgsql.NpgsqlParameter<long?>("scan", NpgsqlDbType.Bigint) { TypedValue = scanId });
                using var r = cmd.ExecuteReader();
                while (r.Read())
                {
                    saved[r.GetString(1)] = (r.GetInt64(0), r.IsDBNull(2) ? null : r.GetInt64(2));
                }
            }

            Execute(UpsertBatchAnalyses);
            Execute(ClearBatchFailuresAndMarks);
            tx.Commit();
        }

        foreach (var (key, set) in newSets)
        {
            _sets[key] = set;
        }

        return rows.Select(row =>
        {
            var (id, owner) = saved[row.Track.Path];
            var ticks = ToUtcTicks(row.Track.ModifiedUtc);
            return row.Track with { Id = id, ModifiedUtc = new DateTime(ticks, DateTimeKind.Utc), Status = TrackStatus.Present, OwnerUserId = owner };
        }).ToList();
    }

    private void Copy(List<(TrackRecord Track, AnalysisRecord Analysis)> rows)
    {
        using var importer = _catalog.WriteConnection.BeginBinaryImport(CopyBatch);
        for (var i = 0; i < rows.Count; i++)
        {
            var (t, a) = rows[i];
            importer.StartRow();
            importer.Write(i, NpgsqlDbType.Integer);
            importer.Write(t.Path, NpgsqlDbType.Text);
            importer.Write(t.SizeBytes, NpgsqlDbType.Bigint);
            importer.Write(ToUtcTicks(t.ModifiedUtc), NpgsqlDbType.Bigint);
            WriteText(importer, t.ContentHash);
            WriteText(importer, t.Title);
            WriteText(importer, t.Artist);
            WriteText(importer, t.Album);
            WriteText(importer, t.GenreTag);
            if (t.Year is { } year)
            {
                importer.Write(year, NpgsqlDbType.Integer);
            }
            else
            {
                importer.WriteNull();
            }

            importer.Write(t.DurationSeconds, NpgsqlDbType.Double);
            if (t.OwnerUserId is { } owner)
            {
                importer.Write(owner, NpgsqlDbType.Bigint);
            }
            else
            {
                importer.WriteNull();
            }

            importer.Write(a.ModelId, NpgsqlDbType.Text);
            importer.Write(a.FeatureVersion, NpgsqlDbType.Integer);
            importer.Write(FloatBlob.Encode(a.Embedding), NpgsqlDbType.Bytea);
            importer.Write(FloatBlob.Encode(a.GenreProbabilities), NpgsqlDbType.Bytea);
            importer.Write(FloatBlob.Encode(a.SummaryFeatures ?? []), NpgsqlDbType.Bytea);
            importer.Write(ToUnixMs(a.AnalysedAt), NpgsqlDbType.Bigint);
            WriteText(importer, a.TopGenre);
        }

        importer.Complete();
    }

    private static void WriteText(Npgsql.NpgsqlBinaryImporter importer, string? value)
    {
        if (value is null)
        {
            importer.WriteNull();
        }
        else
        {
            importer.Write(value, NpgsqlDbType.Text);
        }
    }

    private void Execute(string sql)
    {
        using var cmd = _catalog.Command(sql);
        cmd.ExecuteNonQuery();
    }
}
