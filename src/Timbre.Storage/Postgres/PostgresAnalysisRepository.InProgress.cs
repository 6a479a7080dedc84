using Npgsql;
using Timbre.Core.Catalog;
using static Timbre.Storage.Sqlite.SqliteValues;
using static Timbre.Storage.CatalogRows;

namespace Timbre.Storage.Postgres;

/// <summary>Files scan workers are analysing right now (table <c>scan_in_progress</c>): poison-file detection.</summary>
internal sealed partial class PostgresAnalysisRepository
{
    /// <inheritdoc />
    public void MarkAnalysisStarted(AnalysisInProgressRecord mark)
    {
        ArgumentNullException.ThrowIfNull(mark);
        ArgumentException.ThrowIfNullOrWhiteSpace(mark.Path);
        if (mark.SizeBytes < 0)
        {
            throw new CatalogException($"In-progress mark {mark.Path}: size must be ≥ 0, got {mark.SizeBytes}.");
        }

        using var tx = _catalog.BeginTransaction();
        using (var drop = _catalog.Command(CatalogSql.DeleteWorkerInProgress).With("scan", mark.ScanId).With("worker", mark.Worker))
        {
            drop.ExecuteNonQuery();
        }

        using (var insert = _catalog.Command(PostgresSql.InsertInProgress))
        {
            insert.With("path", mark.Path).With("size", mark.SizeBytes).With("mtime", ToUtcTicks(mark.ModifiedUtc)).With("scan", mark.ScanId)
                .With("worker", mark.Worker).With("pid", mark.ProcessId).With("now", ToUnixMs(DateTimeOffset.UtcNow));
            insert.ExecuteNonQuery();
        }

        tx.Commit();
    }

    /// <inheritdoc />
    public IReadOnlyList<AnalysisInProgressRecord> ListAnalysesInProgress()
    {
        using var cmd = _catalog.Command(CatalogSql.ListInProgress);
        using var r = cmd.ExecuteReader();
        var result = new List<AnalysisInProgressRecord>();
        while (r.Read())
        {
            result.Add(ReadInProgress(r));
        }

        return result;
    }

    /// <inheritdoc />
    public IReadOnlyList<ScanFailureRecord> FailAnalysesInProgress(IEnumerable<string> paths, string reason)
    {
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        using var tx = _catalog.BeginTransaction();
        var failures = new List<ScanFailureRecord>();
        using (var select = _catalog.Command(CatalogSql.SelectInProgress))
        {
            var path = select.Parameters.Add(new NpgsqlParameter("path", NpgsqlTypes.NpgsqlDbType.Text));
            foreach (var p in paths)
            {
                path.Value = p;
                using var r = select.ExecuteReader();
                if (r.Read())
                {
                    var mark = ReadInProgress(r);
                    failures.Add(new ScanFailureRecord { Path = mark.Path, SizeBytes = mark.SizeBytes, ModifiedUtc = mark.ModifiedUtc, Reason = reason });
                }
            }
        }

        var saved = _scans.RecordScanFailuresInTransaction(failures);
        tx.Commit();
        return saved;
    }

    /// <inheritdoc />
    public int ClearAnalysesInProgress(long scanId)
    {
        using var cmd = _catalog.Command(CatalogSql.DeleteScanInProgress).With("scan", scanId);
        return cmd.ExecuteNonQuery();
    }
}
