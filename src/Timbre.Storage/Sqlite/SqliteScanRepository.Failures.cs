using Microsoft.Data.Sqlite;
using Timbre.Core.Catalog;
using static Timbre.Storage.Sqlite.SqliteValues;

namespace Timbre.Storage.Sqlite;

/// <summary>Files a scan could not decode or analyse (table <c>scan_failures</c>, schema step 4).</summary>
internal sealed partial class SqliteScanRepository
{
    /// <inheritdoc />
    public IReadOnlyList<ScanFailureRecord> RecordScanFailures(IEnumerable<ScanFailureRecord> failures)
    {
        ArgumentNullException.ThrowIfNull(failures);
        using var tx = _catalog.BeginTransaction();
        var saved = RecordScanFailures(failures, tx);
        tx.Commit();
        return saved;
    }

    /// <summary>Records the failures and clears their in-progress marks inside <paramref name="tx"/>.</summary>
    internal List<ScanFailureRecord> RecordScanFailures(IEnumerable<ScanFailureRecord> failures, SqliteTransaction tx)
    {
        var saved = new List<ScanFailureRecord>();
        using var cmd = _catalog.Command(SqliteSql.UpsertScanFailure, tx);
        using var clearMark = _catalog.Command(SqliteSql.DeleteInProgress, tx);
        var markPath = clearMark.Parameters.Add("@path", SqliteType.Text);
        foreach (var name in new[] { "@path", "@size", "@mtime", "@reason", "@model", "@version", "@now" })
        {
            cmd.Parameters.Add(new SqliteParameter(name, DBNull.Value));
        }

        // Any exception below disposes the transaction uncommitted: all of the failures are recorded or none.
        foreach (var f in failures)
        {
            ArgumentNullException.ThrowIfNull(f);
            ArgumentException.ThrowIfNullOrWhiteSpace(f.Path);
            if (f.SizeBytes < 0)
            {
                throw new CatalogException($"Scan failure {f.Path}: size must be ≥ 0, got {f.SizeBytes}.");
            }

            var p = cmd.Parameters;
            p["@path"].Value = f.Path;
            p["@size"].Value = f.SizeBytes;
            p["@mtime"].Value = ToUtcTicks(f.ModifiedUtc);
            p["@reason"].Value = string.IsNullOrWhiteSpace(f.Reason) ? "unknown error" : f.Reason;
            p["@model"].Value = Db(string.IsNullOrWhiteSpace(f.ModelId) ? null : f.ModelId);
            p["@version"].Value = string.IsNullOrWhiteSpace(f.ModelId) ? 0 : f.FeatureVersion;
            p["@now"].Value = ToUnixMs(DateTimeOffset.UtcNow);
            using (var r = cmd.ExecuteReader())
            {
                r.Read();
                saved.Add(ReadScanFailure(r));
            }

            markPath.Value = f.Path;
            clearMark.ExecuteNonQuery();
        }

        return saved;
    }

    /// <inheritdoc />
    public bool IsKnownScanFailure(string path, long sizeBytes, DateTime modifiedUtc, string modelId, int featureVersion)
    {
        using var cmd = _catalog.Command(CatalogSql.IsKnownScanFailure);
        cmd.Parameters.AddWithValue("@path", path);
        cmd.Parameters.AddWithValue("@size", sizeBytes);
        cmd.Parameters.AddWithValue("@mtime", ToUtcTicks(modifiedUtc));
        cmd.Parameters.AddWithValue("@model", modelId);
        cmd.Parameters.AddWithValue("@version", featureVersion);
        return (long)cmd.ExecuteScalar()! != 0;
    }

    /// <inheritdoc />
    public int ClearScanFailures(IEnumerable<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        using var tx = _catalog.BeginTransaction();
        using var cmd = _catalog.Command(SqliteSql.DeleteScanFailure, tx);
        var path = cmd.Parameters.Add("@path", SqliteType.Text);
        var deleted = 0;
        foreach (var p in paths)
        {
            path.Value = p;
            deleted += cmd.ExecuteNonQuery();
        }

        tx.Commit();
        return deleted;
    }

    /// <inheritdoc />
    public IReadOnlyList<ScanFailureRecord> ListScanFailures()
    {
        using var cmd = _catalog.Command(CatalogSql.ListScanFailures);
        using var r = cmd.ExecuteReader();
        var result = new List<ScanFailureRecord>();
        while (r.Read())
        {
            result.Add(ReadScanFailure(r));
        }

        return result;
    }

    internal static ScanFailureRecord ReadScanFailure(SqliteDataReader r) => new()
    {
        Path = r.GetString(0),
        SizeBytes = r.GetInt64(1),
        ModifiedUtc = new DateTime(r.GetInt64(2), DateTimeKind.Utc),
        Reason = r.GetString(3),
        ModelId = r.IsDBNull(4) ? null : r.GetString(4),
        FeatureVersion = r.GetInt32(5),
        FirstFailedUtc = FromUnixMs(r.GetInt64(6)),
        LastFailedUtc = FromUnixMs(r.GetInt64(7)),
        Attempts = r.GetInt32(8),
    };
}
