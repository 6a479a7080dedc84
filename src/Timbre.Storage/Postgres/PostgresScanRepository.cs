using Timbre.Core.Catalog;
using static Timbre.Storage.Sqlite.SqliteValues;

namespace Timbre.Storage.Postgres;

/// <summary>Scan bookkeeping of a PostgreSQL catalog (tables <c>scans</c>, <c>scan_failures</c>, the tracks' last-seen scan).</summary>
internal sealed partial class PostgresScanRepository : IScanRepository
{
    private readonly PostgresCatalog _catalog;

    /// <summary>Scans of <paramref name="catalog"/>.</summary>
    public PostgresScanRepository(PostgresCatalog catalog) => _catalog = catalog;

    /// <inheritdoc />
    public long BeginScan(string libraryRoot)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(libraryRoot);
        using var cmd = _catalog.Command(CatalogSql.InsertScan).With("root", libraryRoot).With("now", ToUnixMs(DateTimeOffset.UtcNow));
        return (long)cmd.ExecuteScalar()!;
    }

    /// <inheritdoc />
    public int MarkSeen(long scanId, IEnumerable<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        using var cmd = _catalog.Command(PostgresSql.MarkSeen).With("scan", scanId).With("paths", paths.ToArray());
        return cmd.ExecuteNonQuery();
    }

    /// <inheritdoc />
    public int MarkMissingNotSeen(long scanId, string libraryRoot)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(libraryRoot);
        var root = libraryRoot.EndsWith('/') || libraryRoot.EndsWith(System.IO.Path.DirectorySeparatorChar)
            ? libraryRoot
            : libraryRoot + System.IO.Path.DirectorySeparatorChar;
        using var cmd = _catalog.Command(PostgresSql.MarkMissingNotSeen).With("scan", scanId).With("root", root);
        return cmd.ExecuteNonQuery();
    }

    /// <inheritdoc />
    public void FinishScan(long scanId)
    {
        using var cmd = _catalog.Command(CatalogSql.FinishScan).With("id", scanId).With("now", ToUnixMs(DateTimeOffset.UtcNow));
        cmd.ExecuteNonQuery();
    }

    /// <inheritdoc />
    public int PruneMissing()
    {
        using var cmd = _catalog.Command(CatalogSql.PruneMissing);
        return cmd.ExecuteNonQuery();
    }

    /// <inheritdoc />
    public bool NeedsAnalysis(string path, long sizeBytes, DateTime modifiedUtc, string? contentHash, string modelId, int featureVersion)
    {
        using var cmd = _catalog.Command(CatalogSql.NeedsAnalysis).With("path", path).With("model", modelId).With("version", featureVersion);
        using var r = cmd.ExecuteReader();
        if (!r.Read())
        {
            return true;
        }

        var storedHash = r.IsDBNull(2) ? null : r.GetString(2);
        var changed = StoredFile.IsChanged(
            r.GetInt64(0), new DateTime(r.GetInt64(1), DateTimeKind.Utc), storedHash, sizeBytes, new DateTime(ToUtcTicks(modifiedUtc), DateTimeKind.Utc), contentHash);
        return changed || !r.GetBoolean(3);
    }

    /// <inheritdoc />
    public StoredFile FindStoredFile(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        // One snapshot for the three reads (REPEATABLE READ), as the SQLite store reads them in one transaction.
        using var tx = _catalog.WriteConnection.BeginTransaction(System.Data.IsolationLevel.RepeatableRead);
        TrackRecord? track;
        using (var cmd = _catalog.Command(CatalogSql.SelectTrackByPath).With("path", path))
        {
            track = PostgresTrackRepository.ReadSingleTrack(cmd);
        }

        var sets = new List<(string, int)>();
        if (track is not null)
        {
            using var cmd = _catalog.Command(CatalogSql.SelectAnalysisSetsOfPath).With("path", path);
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                sets.Add((r.GetString(0), r.GetInt32(1)));
            }
        }

        ScanFailureRecord? failure;
        using (var cmd = _catalog.Command(CatalogSql.SelectScanFailure).With("path", path))
        using (var r = cmd.ExecuteReader())
        {
            failure = r.Read() ? ReadScanFailure(r) : null;
        }

        tx.Commit();
        return track is null && failure is null ? StoredFile.Unknown : new StoredFile(track, sets, failure);
    }
}
