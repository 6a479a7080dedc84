using System.Text.Json;
using Microsoft.Data.Sqlite;
using Timbre.Core.Catalog;
using static Timbre.Storage.Sqlite.SqliteValues;

namespace Timbre.Storage.Sqlite;

/// <summary>
/// Analyses of a SQLite catalog (tables <c>analyses</c>, <c>analysis_sets</c>), the files being analysed and the
/// embedding space. Saving a batch also upserts its tracks and clears their scan failures and in-progress marks, in
/// the batch's one transaction.
/// </summary>
internal sealed partial class SqliteAnalysisRepository : IAnalysisRepository
{
    private readonly SqliteCatalog _catalog;
    private readonly SqliteScanRepository _scans;
    private readonly Dictionary<(string Model, int Version), AnalysisSet> _sets = new();

    /// <summary>Analyses of <paramref name="catalog"/>; in-progress marks that fail are recorded through <paramref name="scans"/>.</summary>
    public SqliteAnalysisRepository(SqliteCatalog catalog, SqliteScanRepository scans)
    {
        _catalog = catalog;
        _scans = scans;
    }

    /// <inheritdoc />
    public IReadOnlyList<TrackRecord> SaveAnalysesBatch(IEnumerable<(TrackRecord Track, AnalysisRecord Analysis)> batch, long? scanId = null)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var saved = new List<TrackRecord>();
        var newSets = new Dictionary<(string, int), AnalysisSet>();
        using (var tx = _catalog.BeginTransaction())
        using (var tracks = new SqliteTrackRepository.TrackCommands(_catalog, tx, scanId))
        using (var upsert = _catalog.Command(SqliteSql.UpsertAnalysis, tx))
        using (var clearFailure = _catalog.Command(SqliteSql.DeleteScanFailure, tx))
        using (var clearMark = _catalog.Command(SqliteSql.DeleteInProgress, tx))
        {
            var failurePath = clearFailure.Parameters.Add("@path", SqliteType.Text);
            var markPath = clearMark.Parameters.Add("@path", SqliteType.Text);
            foreach (var name in new[] { "@track", "@model", "@version", "@embedding", "@probs", "@summary", "@at", "@topGenre" })
            {
                upsert.Parameters.Add(new SqliteParameter(name, DBNull.Value));
            }

            // Any exception below disposes the transaction uncommitted, which rolls the whole batch back.
            foreach (var (track, analysis) in batch)
            {
                ArgumentNullException.ThrowIfNull(track);
                ArgumentNullException.ThrowIfNull(analysis);
                var set = ResolveSet(analysis, tx, newSets);
                var savedTrack = SqliteTrackRepository.UpsertTrackCore(track, tracks);
                var p = upsert.Parameters;
                p["@track"].Value = savedTrack.Id;
                p["@model"].Value = analysis.ModelId;
                p["@version"].Value = analysis.FeatureVersion;
                p["@embedding"].Value = FloatBlob.Encode(analysis.Embedding);
                p["@probs"].Value = FloatBlob.Encode(analysis.GenreProbabilities);
                p["@summary"].Value = FloatBlob.Encode(analysis.SummaryFeatures);
                p["@at"].Value = ToUnixMs(analysis.AnalysedAt);
                p["@topGenre"].Value = (object?)analysis.TopGenre ?? DBNull.Value;
                upsert.ExecuteNonQuery();
                failurePath.Value = savedTrack.Path;
                clearFailure.ExecuteNonQuery();
                markPath.Value = savedTrack.Path;
                clearMark.ExecuteNonQuery();
                saved.Add(savedTrack);
            }

            tx.Commit();
        }

        foreach (var (key, set) in newSets)
        {
            _sets[key] = set;
        }

        return saved;
    }

    /// <inheritdoc />
    public AnalysisRecord? FindAnalysis(long trackId, string modelId, int featureVersion)
    {
        var set = FindSet(_catalog.WriteConnection, modelId, featureVersion);
        if (set is null)
        {
            return null;
        }

        using var cmd = _catalog.Command(CatalogSql.SelectAnalysis);
        cmd.Parameters.AddWithValue("@track", trackId);
        cmd.Parameters.AddWithValue("@model", modelId);
        cmd.Parameters.AddWithValue("@version", featureVersion);
        using var r = cmd.ExecuteReader();
        return r.Read() ? ReadAnalysis(r, modelId, featureVersion, set, new byte[256]) : null;
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
            var set = FindSet(connection, modelId, featureVersion);
            if (set is null)
            {
                yield break;
            }

            using var cmd = connection.CreateCommand();
            cmd.CommandText = CatalogSql.StreamAnalyses;
            cmd.Parameters.AddWithValue("@model", modelId);
            cmd.Parameters.AddWithValue("@version", featureVersion);
            using var r = cmd.ExecuteReader();
            var buffer = new byte[Math.Max(set.EmbeddingDim, Math.Max(set.SummaryDim, set.Labels.Count)) * sizeof(float)];
            while (r.Read())
            {
                yield return ReadAnalysis(r, modelId, featureVersion, set, buffer);
            }
        }
    }

    /// <inheritdoc />
    public long CountAnalyses(string modelId, int featureVersion)
    {
        using var cmd = _catalog.Command(CatalogSql.CountAnalyses);
        cmd.Parameters.AddWithValue("@model", modelId);
        cmd.Parameters.AddWithValue("@version", featureVersion);
        return (long)cmd.ExecuteScalar()!;
    }

    /// <inheritdoc />
    public int DeleteAnalysesExcept(string modelId, int featureVersion)
    {
        int deleted;
        using (var tx = _catalog.BeginTransaction())
        {
            using (var cmd = _catalog.Command(CatalogSql.DeleteAnalysesExcept, tx))
            {
                cmd.Parameters.AddWithValue("@model", modelId);
                cmd.Parameters.AddWithValue("@version", featureVersion);
                deleted = cmd.ExecuteNonQuery();
            }

            using (var cmd = _catalog.Command(CatalogSql.DeleteAnalysisSetsExcept, tx))
            {
                cmd.Parameters.AddWithValue("@model", modelId);
                cmd.Parameters.AddWithValue("@version", featureVersion);
                cmd.ExecuteNonQuery();
            }

            tx.Commit();
        }

        _sets.Clear();
        return deleted;
    }

    /// <summary>Finds or (inside the batch's transaction) registers the set and checks the analysis fits it.</summary>
    private AnalysisSet ResolveSet(AnalysisRecord a, SqliteTransaction tx, Dictionary<(string, int), AnalysisSet> newSets)
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
        var set = newSets.GetValueOrDefault(key) ?? _sets.GetValueOrDefault(key) ?? FindSet(_catalog.WriteConnection, a.ModelId, a.FeatureVersion, tx);
        var summary = a.SummaryFeatures ?? [];
        if (set is null)
        {
            var json = JsonSerializer.Serialize(a.GenreLabels);
            set = new AnalysisSet(a.Embedding.Length, summary.Length, json, a.GenreLabels.ToArray());
            using var cmd = _catalog.Command(CatalogSql.InsertAnalysisSet, tx);
            cmd.Parameters.AddWithValue("@model", a.ModelId);
            cmd.Parameters.AddWithValue("@version", a.FeatureVersion);
            cmd.Parameters.AddWithValue("@edim", set.EmbeddingDim);
            cmd.Parameters.AddWithValue("@sdim", set.SummaryDim);
            cmd.Parameters.AddWithValue("@labels", json);
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

    private AnalysisSet? FindSet(SqliteConnection connection, string modelId, int featureVersion, SqliteTransaction? tx = null)
    {
        if (ReferenceEquals(connection, _catalog.WriteConnection) && _sets.TryGetValue((modelId, featureVersion), out var cached))
        {
            return cached;
        }

        using var cmd = connection.CreateCommand();
        cmd.CommandText = CatalogSql.SelectAnalysisSet;
        cmd.Transaction = tx;
        cmd.Parameters.AddWithValue("@model", modelId);
        cmd.Parameters.AddWithValue("@version", featureVersion);
        using var r = cmd.ExecuteReader();
        if (!r.Read())
        {
            return null;
        }

        var json = r.GetString(2);
        var labels = JsonSerializer.Deserialize<string[]>(json)
            ?? throw new CatalogException($"Corrupt catalog row: genre labels of {modelId} v{featureVersion}.");
        var set = new AnalysisSet(r.GetInt32(0), r.GetInt32(1), json, labels);
        if (ReferenceEquals(connection, _catalog.WriteConnection) && tx is null)
        {
            _sets[(modelId, featureVersion)] = set;
        }

        return set;
    }

    private static AnalysisRecord ReadAnalysis(SqliteDataReader r, string modelId, int featureVersion, AnalysisSet set, byte[] buffer)
    {
        var trackId = r.GetInt64(0);
        return new AnalysisRecord
        {
            TrackId = trackId,
            ModelId = modelId,
            FeatureVersion = featureVersion,
            Embedding = ReadVector(r, 1, set.EmbeddingDim, ref buffer, trackId, "embedding"),
            GenreLabels = set.Labels,
            GenreProbabilities = ReadVector(r, 2, set.Labels.Count, ref buffer, trackId, "genre probabilities"),
            SummaryFeatures = ReadVector(r, 3, set.SummaryDim, ref buffer, trackId, "summary features"),
            AnalysedAt = FromUnixMs(r.GetInt64(4)),
        };
    }

    /// <summary>Reads a float BLOB through a reused buffer, checking its length against the set's dimension.</summary>
    private static float[] ReadVector(SqliteDataReader r, int ordinal, int expected, ref byte[] buffer, long trackId, string what)
    {
        if (r.IsDBNull(ordinal))
        {
            throw new CatalogException($"Corrupt catalog row: track {trackId} has no {what}.");
        }

        var length = r.GetBytes(ordinal, 0, null, 0, 0);
        if (length > buffer.Length)
        {
            buffer = new byte[length];
        }

        var read = (int)r.GetBytes(ordinal, 0, buffer, 0, (int)length);
        return FloatBlob.Decode(buffer.AsSpan(0, read), expected, $"{what} of track {trackId}");
    }

    /// <summary>Lengths and labels shared by every analysis of one model and feature version.</summary>
    private sealed record AnalysisSet(int EmbeddingDim, int SummaryDim, string LabelsJson, IReadOnlyList<string> Labels);
}
