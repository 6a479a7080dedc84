using Npgsql;
using Timbre.Core.Catalog;
using static Timbre.Storage.Sqlite.SqliteValues;

namespace Timbre.Storage.Postgres;

/// <summary>Files a scan could not decode or analyse (table <c>scan_failures</c>).</summary>
internal sealed partial class PostgresScanRepository
{
    /// <inheritdoc />
    public IReadOnlyList<ScanFailureRecord> RecordScanFailures(IEnumerable<ScanFailureRecord> failures)
    {
        ArgumentNullException.ThrowIfNull(failures);
        using var tx = _catalog.BeginTransaction();
        var saved = RecordScanFailuresInTransaction(failures);
        tx.Commit();
        return saved;
    }

    /// <summary>Records the failures and clears their in-progress marks inside the caller's open transaction.</summary>
    internal List<ScanFailureRecord> RecordScanFailuresInTransaction(IEnumerable<ScanFailureRecord> failures)
    {
        var saved = new List<ScanFailureRecord>();
        using var cmd = _catalog.Command(PostgresSql.UpsertScanFailure);
        foreach (var name in new[] { "path", "size", "mtime", "reason", "model", "version", "now" })
        {
            cmd.Parameters.Add(new NpgsqlParameter(name, DBNull.Value));
        }

        cmd.Parameters["model"].NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text;

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
            p["path"].Value = f.Path;
            p["size"].Value = f.SizeBytes;
            p["mtime"].Value = ToUtcTicks(f.ModifiedUtc);
            p["reason"].Value = string.IsNullOrWhiteSpace(f.Reason) ? "unknown error" : f.Reason;
            p["model"].Value = string.IsNullOrWhiteSpace(f.ModelId) ? DBNull.Value : f.ModelId;
            p["version"].Value = string.IsNullOrWhiteSpace(f.ModelId) ? 0 : f.FeatureVersion;
            p["now"].Value = ToUnixMs(DateTimeOffset.UtcNow);
            using var r = cmd.ExecuteReader();
            r.Read();
            saved.Add(ReadScanFailure(r));
        }

        using var clearMarks = _catalog.Command(PostgresSql.DeleteInProgress).With("paths", saved.Select(f => f.Path).ToArray());
        clearMarks.ExecuteNonQuery();
        return saved;
    }

    /// <inheritdoc />
    public bool IsKnownScanFailure(string path, long sizeBytes, DateTime modifiedUtc, string modelId, int featureVersion)
    {
        using var cmd = _catalog.Command(CatalogSql.IsKnownScanFailure)
            .With("path", path).With("size", sizeBytes).With("mtime", ToUtcTicks(modifiedUtc)).With("model", modelId).With("version", featureVersion);
        return (bool)cmd.ExecuteScalar()!;
    }

    /// <inheritdoc />
    public int ClearScanFailures(IEnumerable<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        using var cmd = _catalog.Command(PostgresSql.DeleteScanFailures).With("paths", paths.ToArray());
        return cmd.ExecuteNonQuery();
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

    internal static ScanFailureRecord ReadScanFailure(NpgsqlDataReader r) => new()
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
