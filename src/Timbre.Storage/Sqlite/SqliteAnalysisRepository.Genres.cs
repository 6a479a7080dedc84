using Timbre.Core.Catalog;

namespace Timbre.Storage.Sqlite;

/// <summary>Stored predicted genres (<c>analyses.top_genre</c>).</summary>
internal sealed partial class SqliteAnalysisRepository
{
    /// <inheritdoc />
    public IReadOnlyDictionary<long, string> PredictedGenres(IReadOnlyCollection<long> trackIds, PredictedGenreSource source)
    {
        ArgumentNullException.ThrowIfNull(trackIds);
        ArgumentNullException.ThrowIfNull(source);
        var genres = new Dictionary<long, string>();
        foreach (var chunk in trackIds.Distinct().Chunk(PredictedGenreSql.MaxIds))
        {
            using var cmd = _catalog.Command(PredictedGenreSql.Select(source, chunk.Length));
            foreach (var (name, value) in PredictedGenreSql.SelectParameters(source, chunk))
            {
                cmd.Parameters.AddWithValue("@" + name, value);
            }

            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                genres[r.GetInt64(0)] = r.GetString(1);
            }
        }

        return genres;
    }
}
