using System.Text.Json;
using Npgsql;
using Timbre.Core.Catalog;
using Timbre.Storage.Sqlite;
using static Timbre.Storage.Sqlite.SqliteValues;

namespace Timbre.Storage.Postgres;

/// <summary>
/// Analyses of a PostgreSQL catalog (tables <c>analyses</c>, <c>analysis_sets</c>), the files being analysed and the
/// embedding space. A batch is written with binary COPY into a temporary table and merged by four set-based
/// statements (<see cref="SaveAnalysesBatch"/>), in one transaction.
/// </summary>
internal sealed partial class PostgresAnalysisRepository : IAnalysisRepository
{
    private readonly PostgresCatalog _catalog;
    private readonly PostgresScanRepository _scans;
    private readonly Dictionary<(string Model, int Version), AnalysisSet> _sets = new();

    /// <summary>Analyses of <paramref name="catalog"/>; in-progress marks that fail are recorded through <paramref name="scans"/>.</summary>
    public PostgresAnalysisRepository(PostgresCatalog catalog, PostgresScanRepository scans)
    {
        _catalog = catalog;
        _scans = scans;
    }

    /// <inheritdoc />
    public AnalysisRecord? FindAnalysis(long trackId, string modelId, int featureVersion)
    {
        var set = FindSet(_catalog.WriteConnection, modelId, featureVersion, cache: true);
        if (set is null)
        {
            return null;
        }

        using var cmd = _catalog.Command(CatalogSql.SelectAnalysis).With("track", trackId).With("model", modelId).With("version", featureVersion);
        using var r = cmd.ExecuteReader();
        return r.Read() ? ReadAnalysis(r, modelId, featureVersion, set) : null;
    }

    /// <inheritdoc />
    public IEnumerable<AnalysisRecord> ReadAnalyses(string modelId, int featureVersion)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(modelId);
        _catalog.ThrowIfDisposed();
        return Stream();

        IEnumerable<AnalysisRecord> Stream()
        {
            using var connection = _catalog.OpenReadConnection();
            var set = FindSet(connection, modelId, featureVersion, cache: false);
            if (set is null)
            {
                yield break;
            }

            using var cmd = new NpgsqlCommand(CatalogSql.StreamAnalyses, connection).With("model", modelId).With("version", featureVersion);
            using var r = cmd.ExecuteReader(System.Data.CommandBehavior.SequentialAccess);
            while (r.Read())
            {
                yield return ReadAnalysis(r, modelId, featureVersion, set);
            }
        }
    }

    /// <inheritdoc />
    public long CountAnalyses(string modelId, int featureVersion)
    {
        using var cmd = _catalog.Command(CatalogSql.CountAnalyses).With("model", modelId).With("version", featureVersion);
        return (long)cmd.ExecuteScalar()!;
    }

    /// <inheritdoc />
    public int DeleteAnalysesExcept(string modelId, int featureVersion)
    {
        int deleted;
        using (var tx = _catalog.BeginTransaction())
        {
            using (var cmd = _catalog.Command(CatalogSql.DeleteAnalysesExcept).With("model", modelId).With("version", featureVersion))
            {
                deleted = cmd.ExecuteNonQuery();
            }

            using (var cmd = _catalog.Command(CatalogSql.DeleteAnalysisSetsExcept).With("model", modelId).With("version", featureVersion))
            {
                cmd.ExecuteNonQuery();
            }

            tx.Commit();
        }

        _sets.Clear();
        return deleted;
    }

    /// <inheritdoc />
    public IReadOnlyList<AnalysisSetInfo> ListAnalysisSets()
    {
        using var cmd = _catalog.Command(PostgresSql.ListAnalysisSets);
        using var r = cmd.ExecuteReader();
        var result = new List<AnalysisSetInfo>();
        while (r.Read())
        {
            var labels = JsonSerializer.Deserialize<string[]>(r.GetString(3))
                ?? throw new CatalogException($"Corrupt catalog row: genre labels of {r.GetString(0)} v{r.GetInt32(1)}.");
            result.Add(new AnalysisSetInfo(
                r.GetString(0), r.GetInt32(1), r.GetInt32(2), labels, r.GetInt64(4), r.IsDBNull(5) ? null : FromUnixMs(r.GetInt64(5))));
        }

        return result;
    }

    /// <summary>Finds or (inside the batch's transaction) registers the set and checks the analysis fits it.</summary>
    private AnalysisSet ResolveSet(AnalysisRecord a, Dictionary<(string, int), AnalysisSet> newSets)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(a.ModelId);
        if (a.Embedding is null || a.Embedding.Length == 0)
        {
            throw new CatalogException($"Analysis by {a.ModelId} v{a.FeatureVersion}: the embedding is empty.");
        }

        if (a.GenreLabels is null || a.GenreProbabilities is null || a.GenreLabels.Count != a.GenreProbabilities.Length)
        {
            throw new CatalogException($"Analysis by {a.ModelId} v{a.FeatureVersion}: genre labels and probabilities differ in length.");
        }

        var key = (a.ModelId, a.FeatureVersion);
        var set = newSets.GetValueOrDefault(key) ?? _sets.GetValueOrDefault(key) ?? FindSet(_catalog.WriteConnection, a.ModelId, a.FeatureVersion, cache: false);
        var summary = a.SummaryFeatures ?? [];
        if (set is null)
        {
            set = new AnalysisSet(a.Embedding.Length, summary.Length, a.GenreLabels.ToArray());
            using var cmd = _catalog.Command(CatalogSql.InsertAnalysisSet)
                .With("model", a.ModelId).With("version", a.FeatureVersion).With("edim", set.EmbeddingDim).With("sdim", set.SummaryDim)
                .With("labels", JsonSerializer.Serialize(a.GenreLabels));
            cmd.ExecuteNonQuery();
            newSets[key] = set;
            return set;
        }

        if (set.EmbeddingDim != a.Embedding.Length || set.SummaryDim != summary.Length || !set.Labels.SequenceEqual(a.GenreLabels))
        {
            throw new CatalogException(
                $"Analysis by {a.ModelId} v{a.FeatureVersion} does not match earlier ones (embedding {a.Embedding.Length} vs {set.EmbeddingDim}, " +
                $"summary {summary.Length} vs {set.SummaryDim}, genre labels equal: {set.Labels.SequenceEqual(a.GenreLabels)}); " +
                "a changed model needs a new model id or feature version.");
        }

        return set;
    }

    private AnalysisSet? FindSet(NpgsqlConnection connection, string modelId, int featureVersion, bool cache)
    {
        if (cache && _sets.TryGetValue((modelId, featureVersion), out var cached))
        {
            return cached;
        }

        using var cmd = new NpgsqlCommand(CatalogSql.SelectAnalysisSet, connection).With("model", modelId).With("version", featureVersion);
        using var r = cmd.ExecuteReader();
        if (!r.Read())
        {
            return null;
        }

        var labels = JsonSerializer.Deserialize<string[]>(r.GetString(2))
            ?? throw new CatalogException($"Corrupt catalog row: genre labels of {modelId} v{featureVersion}.");
        var set = new AnalysisSet(r.GetInt32(0), r.GetInt32(1), labels);
        if (cache)
        {
            _sets[(modelId, featureVersion)] = set;
        }

        return set;
    }

    private static AnalysisRecord ReadAnalysis(NpgsqlDataReader r, string modelId, int featureVersion, AnalysisSet set)
    {
        var trackId = r.GetInt64(0);
        return new AnalysisRecord
        {
            TrackId = trackId,
            ModelId = modelId,
            FeatureVersion = featureVersion,
            Embedding = FloatBlob.Decode(r.GetFieldValue<byte[]>(1), set.EmbeddingDim, $"embedding of track {trackId}"),
            GenreLabels = set.Labels,
            GenreProbabilities = FloatBlob.Decode(r.GetFieldValue<byte[]>(2), set.Labels.Count, $"genre probabilities of track {trackId}"),
            SummaryFeatures = FloatBlob.Decode(r.GetFieldValue<byte[]>(3), set.SummaryDim, $"summary features of track {trackId}"),
            AnalysedAt = FromUnixMs(r.GetInt64(4)),
        };
    }

    /// <summary>Lengths and labels shared by every analysis of one model and feature version.</summary>
    private sealed record AnalysisSet(int EmbeddingDim, int SummaryDim, IReadOnlyList<string> Labels);
}
