using System.Globalization;
using Timbre.Core.Errors;
using Timbre.Recommendation.Domain;
using Timbre.Recommendation.Similarity;

namespace Timbre.Recommendation.Catalog;

/// <summary>Where a track's genre label (its "corpus label") comes from.</summary>
public enum GenreLabelSource
{
    /// <summary>Only the file's genre tag.</summary>
    Tags,

    /// <summary>The genre tag, else the name of the folder holding the file (corpora laid out as genre/track.wav).</summary>
    TagsOrFolder,
}

/// <summary>How genre probabilities are made when the analysis set has none (e.g. the "summary" analyzer).</summary>
public enum GenreFallback
{
    /// <summary>No genre information: genre-based methods (m2, profile, multi, hybrid) then refuse to run.</summary>
    None,

    /// <summary>
    /// A labelled track gets a one-hot vector of its own label; an unlabelled one gets the neighbour vote
    /// (<see cref="NeighbourVote"/>). Fine for a tagged library; in an evaluation the labels leak into the methods.
    /// </summary>
    OneHot,

    /// <summary>
    /// Every track gets the similarity-weighted label distribution of its k nearest labelled tracks by embedding,
    /// itself excluded (a leave-one-out k-NN genre classifier). No track sees its own label.
    /// </summary>
    NeighbourVote,
}

/// <summary>
/// Options of <see cref="CatalogContextLoader"/>. Defaults: the largest analysis set (ties: newest), genre labels
/// from tags only, one-hot fallback, k = 10 neighbours, default preference weights.
/// </summary>
public sealed record CatalogLoadOptions
{
    /// <summary>Model id of the analysis set to load; null = the set with most analyses (ties: the newest).</summary>
    public string? ModelId { get; init; }

    /// <summary>Feature version of the set; null = the newest version of <see cref="ModelId"/> (or of the chosen set).</summary>
    public int? FeatureVersion { get; init; }

    /// <summary>Where corpus labels (<see cref="TrackFeatures.Genre"/>) come from; default <see cref="GenreLabelSource.Tags"/>.</summary>
    public GenreLabelSource Labels { get; init; } = GenreLabelSource.Tags;

    /// <summary>Genre probabilities when the analyses have none; default <see cref="GenreFallback.OneHot"/>.</summary>
    public GenreFallback Fallback { get; init; } = GenreFallback.OneHot;

    /// <summary>Neighbours k of the neighbour vote; default 10 (must be ≥ 1).</summary>
    public int NeighbourCount { get; init; } = 10;

    /// <summary>
    /// Named summary statistics to keep for explanations (<see cref="TrackFeatures.Stats"/>): name → position in the
    /// analysis' summary-feature vector (e.g. "brightness" → the spectral-centroid mean). Positions past a track's
    /// summary length are skipped. Default empty (no statistics).
    /// </summary>
    public IReadOnlyDictionary<string, int> SummaryStats { get; init; } = new Dictionary<string, int>();

    /// <summary>
    /// Apply the catalog's fitted embedding space (library standardisation, block weights, fusion) when it has one
    /// and it fits the request: no <see cref="ModelId"/> asked, or the asked set is one of its sets. Default true; a
    /// catalog without a space loads its raw embeddings either way.
    /// </summary>
    public bool UseEmbeddingSpace { get; init; } = true;

    /// <summary>How interactions become preference weights; null = <see cref="PreferenceWeights.Default"/>.</summary>
    public PreferenceWeights? Weights { get; init; }

    /// <summary>
    /// Folder that keeps the approximate-search graph of each embedding between runs (<c>catalog.db.ann</c> next to
    /// the catalog for <c>timbre serve</c>): one <c>VERSION.hnsw</c> (our own graph; <c>VERSION.usearch</c> with the
    /// USearch engine) and its <c>.rows</c> per feature version, opened on load (a USearch graph memory-mapped). Null (default): the graph of a large catalog is built in memory at every load.
    /// </summary>
    public string? GraphDirectory { get; init; }

    /// <summary>When a live snapshot's collaborative models are rebuilt (in the background; see <see cref="ModelRefreshOptions"/>).</summary>
    public ModelRefreshOptions ModelRefresh { get; init; } = ModelRefreshOptions.Default;

    /// <summary>Where the persisted graph reports what it did (opened, rebuilt and why); null = standard error.</summary>
    public Action<string>? GraphLog { get; init; }

    /// <summary>
    /// Track tags read on demand. With it and a <see cref="GraphDirectory"/> a load serves from the snapshot file
    /// there (<see cref="SnapshotPath"/>, written by the first load and whenever the catalog's content moved on): the
    /// vectors are read from the file when scored (never mapped), no analysis is read and no tag is held per track. Null (default): every load reads
    /// the catalog's analyses and keeps every track's tags.
    /// </summary>
    public ITrackMetadata? Metadata { get; init; }

    /// <summary>The snapshot file of <paramref name="versionKey"/> (<see cref="SnapshotFile"/>), or null when not kept.</summary>
    public string? SnapshotPath(string versionKey)
        => GraphDirectory is null || Metadata is null ? null : Path.Combine(GraphDirectory, FileName(versionKey) + ".snapshot");

    /// <summary>What of these options shapes a snapshot's rows (labels, fallback, k, statistics, model): a file made under other ones is not used.</summary>
    public string SnapshotKey()
        => string.Create(
            CultureInfo.InvariantCulture,
            $"{Labels}|{Fallback}|{NeighbourCount}|{UseEmbeddingSpace}|{ModelId}|{FeatureVersion}|{string.Join(',', SummaryStats.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}={kv.Value}"))}");

    private static string FileName(string versionKey)
        => string.Concat(versionKey.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' or '@' ? c : '_'));

    /// <summary>The similarity-index options of a snapshot of <paramref name="versionKey"/> (its graph file when <see cref="GraphDirectory"/> is set).</summary>
    public SimilarityIndexOptions IndexOptions(string versionKey)
    {
        if (GraphDirectory is null)
        {
            return SimilarityIndexOptions.Default;
        }

        var file = Path.Combine(GraphDirectory, FileName(versionKey) + (AnnIndexOptions.Default.Engine == AnnEngine.Hnsw ? ".hnsw" : ".usearch"));
        return new SimilarityIndexOptions { Approximate = AnnIndexOptions.Default with { GraphFile = file, Log = GraphLog } };
    }

    /// <summary>The defaults.</summary>
    public static CatalogLoadOptions Default { get; } = new();

    /// <summary>Throws <see cref="InvalidOptionsException"/> on out-of-range values.</summary>
    public CatalogLoadOptions Validate()
    {
        if (NeighbourCount < 1)
        {
            throw new InvalidOptionsException($"NeighbourCount must be >= 1, got {NeighbourCount}.");
        }

        if (SummaryStats.Values.Any(i => i < 0))
        {
            throw new InvalidOptionsException("Summary statistic positions must be >= 0.");
        }

        ModelRefresh.Validate();
        if (FeatureVersion is not null && ModelId is null)
        {
            throw new InvalidOptionsException("A feature version needs a model id.");
        }

        return this;
    }
}
