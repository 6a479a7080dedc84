using Timbre.Core.Catalog;

namespace Timbre.Storage.Sqlite;

/// <summary>The scan's one read per file: track, analysis sets and recorded failure of a path.</summary>
internal sealed partial class SqliteScanRepository
{
    /// <inheritdoc />
    public StoredFile FindStoredFile(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        using var tx = _catalog.BeginTransaction(deferred: true);
        TrackRecord? track;
        using (var cmd = _catalog.Command(CatalogSql.SelectTrackByPath, tx))
        {
            cmd.Parameters.AddWithValue("@path", path);
            track = SqliteTrackRepository.ReadSingleTrack(cmd);
        }

        var sets = new List<(string, int)>();
        if (track is not null)
        {
            using var cmd = _catalog.Command(CatalogSql.SelectAnalysisSetsOfPath, tx);
            cmd.Parameters.AddWithValue("@path", path);
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                sets.Add((r.GetString(0), r.GetInt32(1)));
            }
        }

        ScanFailureRecord? failure;
        using (var cmd = _catalog.Command(CatalogSql.SelectScanFailure, tx))
        {
            cmd.Parameters.AddWithValue("@path", path);
            using var r = cmd.ExecuteReader();
            failure = r.Read() ? ReadScanFailure(r) : null;
        }

        return track is null && failure is null ? StoredFile.Unknown : new StoredFile(track, sets, failure);
    }
}
