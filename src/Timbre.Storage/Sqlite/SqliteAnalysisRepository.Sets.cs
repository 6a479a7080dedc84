using System.Text.Json;
using Timbre.Core.Catalog;
using static Timbre.Storage.Sqlite.SqliteValues;

namespace Timbre.Storage.Sqlite;

/// <summary>Listing of the analysis sets (model id × feature version) of a catalog.</summary>
internal sealed partial class SqliteAnalysisRepository
{
    private const string ListAnalysisSetsSql = """
        SELECT s.model_id, s.feature_version, s.embedding_dim, s.genre_labels,
               COUNT(t.id), MAX(CASE WHEN t.id IS NULL THEN NULL ELSE a.analysed_at END)
        FROM analysis_sets s
        LEFT JOIN analyses a ON a.model_id = s.model_id AND a.feature_version = s.feature_version
        LEFT JOIN tracks t ON t.id = a.track_id AND t.status = 0
        GROUP BY s.model_id, s.feature_version
        ORDER BY COUNT(t.id) DESC, MAX(CASE WHEN t.id IS NULL THEN NULL ELSE a.analysed_at END) DESC, s.model_id, s.feature_version
        """;

    /// <inheritdoc />
    public IReadOnlyList<AnalysisSetInfo> ListAnalysisSets()
    {
        _catalog.ThrowIfDisposed();
        using var cmd = _catalog.Command(ListAnalysisSetsSql);
        using var r = cmd.ExecuteReader();
        var result = new List<AnalysisSetInfo>();
        while (r.Read())
        {
            var labels = JsonSerializer.Deserialize<string[]>(r.GetString(3))
                ?? throw new CatalogException($"Corrupt catalog row: genre labels of {r.GetString(0)} v{r.GetInt32(1)}.");
            result.Add(new AnalysisSetInfo(
                r.GetString(0),
                r.GetInt32(1),
                r.GetInt32(2),
                labels,
                r.GetInt64(4),
                r.IsDBNull(5) ? null : FromUnixMs(r.GetInt64(5))));
        }

        return result;
    }
}
