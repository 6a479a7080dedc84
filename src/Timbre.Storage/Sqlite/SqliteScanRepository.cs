using Microsoft.Data.Sqlite;
using Timbre.Core.Catalog;
using static Timbre.Storage.Sqlite.SqliteValues;

namespace Timbre.Storage.Sqlite;

/// <summary>Scan bookkeeping of a SQLite catalog (tables <c>scans</c>, <c>scan_failures</c>, the tracks' last-seen scan).</summary>
internal sealed partial class SqliteScanRepository : IScanRepository
{
    private readonly SqliteCatalog _catalog;

    /// <summary>Scans of <paramref name="catalog"/>.</summary>
    public SqliteScanRepository(SqliteCatalog catalog) => _catalog = catalog;

    /// <inheritdoc />
    public long BeginScan(string libraryRoot)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(libraryRoot);
        using var cmd = _catalog.Command(CatalogSql.InsertScan);
        cmd.Parameters.AddWithValue("@root", libraryRoot);
        cmd.Parameters.AddWithValue("@now", ToUnixMs(DateTimeOffset.UtcNow));
        return (long)cmd.ExecuteScalar()!;
    }

    /// <inheritdoc />
    public int MarkSeen(long scanId, IEnumerable<string> paths)
    {
        using var tx = _catalog.BeginTransaction();
        using var cmd = _catalog.Command(SqliteSql.MarkSeen, tx);
        cmd.Parameters.AddWithValue("@scan", scanId);
        var path = cmd.Parameters.Add("@path", SqliteType.Text);
        var touched = 0;
        foreach (var p in paths)
        {
            path.Value = p;
            touched += cmd.ExecuteNonQuery();
        }

        tx.Commit();
        return touched;
    }

    /// <inheritdoc />
    public int MarkMissingNotSeen(long scanId, string libraryRoot)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(libraryRoot);
        var root = libraryRoot.EndsWith('/') || libraryRoot.EndsWith(System.IO.Path.DirectorySeparatorChar)
            ? libraryRoot
            : libraryRoot + System.IO.Path.DirectorySeparatorChar;
        using var cmd = _catalog.Command(SqliteSql.MarkMissingNotSeen);
        cmd.Parameters.AddWithValue("@scan", scanId);
        cmd.Parameters.AddWithValue("@root", root);
        return cmd.ExecuteNonQuery();
    }

    /// <inheritdoc />
    public void FinishScan(long scanId)
    {
        using var cmd = _catalog.Command(CatalogSql.FinishScan);
        cmd.Parameters.AddWithValue("@id", scanId);
        cmd.Parameters.AddWithValue("@now", ToUnixMs(DateTimeOffset.UtcNow));
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
        using var cmd = _catalog.Command(CatalogSql.NeedsAnalysis);
        cmd.Parameters.AddWithValue("@path", path);
        cmd.Parameters.AddWithValue("@model", modelId);
        cmd.Parameters.AddWithValue("@version", featureVersion);
        using var r = cmd.ExecuteReader();
        if (!r.Read())
        {
            return true;
        }

        var storedHash = r.IsDBNull(2) ? null : r.GetString(2);
        var changed = SqliteTrackRepository.IsChanged(r.GetInt64(0), r.GetInt64(1), storedHash, sizeBytes, ToUtcTicks(modifiedUtc), contentHash);
        return changed || r.GetInt64(3) == 0;
    }
}
