using Microsoft.Data.Sqlite;
using Timbre.Core.Catalog;
using static Timbre.Storage.Sqlite.SqliteValues;
using static Timbre.Storage.CatalogRows;

namespace Timbre.Storage.Sqlite;

/// <summary>Files scan workers are analysing right now (table <c>scan_in_progress</c>): poison-file detection.</summary>
internal sealed partial class SqliteAnalysisRepository
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
        using (var drop = _catalog.Command(CatalogSql.DeleteWorkerInProgress, tx))
        {
            drop.Parameters.AddWithValue("@scan", mark.ScanId);
            drop.Parameters.AddWithValue("@worker", mark.Worker);
            drop.ExecuteNonQuery();
        }

        using (var insert = _catalog.Command(SqliteSql.InsertInProgress, tx))
        {
            var p = insert.Parameters;
            p.AddWithValue("@path", mark.Path);
            p.AddWithValue("@size", mark.SizeBytes);
            p.AddWithValue("@mtime", ToUtcTicks(mark.ModifiedUtc));
            p.AddWithValue("@scan", mark.ScanId);
            p.AddWithValue("@worker", mark.Worker);
            p.AddWithValue("@pid", mark.ProcessId);
            p.AddWithValue("@now", ToUnixMs(DateTimeOffset.UtcNow));
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
        using (var select = _catalog.Command(CatalogSql.SelectInProgress, tx))
        {
            var path = select.Parameters.Add("@path", SqliteType.Text);
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

        var saved = _scans.RecordScanFailures(failures, tx);
        tx.Commit();
        return saved;
    }

    /// <inheritdoc />
    public int ClearAnalysesInProgress(long scanId)
    {
        using var cmd = _catalog.Command(CatalogSql.DeleteScanInProgress);
        cmd.Parameters.AddWithValue("@scan", scanId);
        return cmd.ExecuteNonQuery();
    }
}
