using System.Globalization;
using Timbre.Core.Catalog;
using Timbre.Recommendation.Domain;
using Timbre.Recommendation.Similarity;
using Timbre.Recommendation.Space;

namespace Timbre.Recommendation.Catalog;

/// <summary>
/// Builds a <see cref="CatalogSnapshot"/> (a <see cref="RecommendationContext"/> plus lookups) from a catalog for one
/// analysis set: tracks are read page by page, analyses and interactions streamed; present tracks without an
/// analysis in the set are left out; interactions with such tracks are ignored by the context. Genre labels are the
/// set's (model classifier) or, when it has none, the tracks' tag/folder labels (see <see cref="CatalogLoadOptions"/>).
/// </summary>
public static class CatalogContextLoader
{

    /// <summary>The context's feature version key of a model id and feature version: "model@vN".</summary>
    public static string VersionKey(string modelId, int featureVersion)
        => string.Create(CultureInfo.InvariantCulture, $"{modelId}@v{featureVersion}");

    /// <summary>
    /// The analysis set <paramref name="options"/> asks for: the named model (newest version unless given), else
    /// the set with most analyses (ties: newest). Throws <see cref="RecommendationException"/> when there is none.
    /// </summary>
    public static AnalysisSetInfo ChooseSet(ICatalogStore store, CatalogLoadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        var o = (options ?? CatalogLoadOptions.Default).Validate();
        var sets = store.ListAnalysisSets();
        if (o.ModelId is null)
        {
            return sets.FirstOrDefault(s => s.Count > 0)
                ?? throw new RecommendationException("The catalog has no analysed tracks; run 'timbre scan LIBRARY --catalog FILE' first.");
        }

        var ofModel = sets.Where(s => s.ModelId == o.ModelId && (o.FeatureVersion is null || s.FeatureVersion == o.FeatureVersion)).ToList();
        return ofModel.OrderByDescending(s => s.FeatureVersion).FirstOrDefault(s => s.Count > 0)
            ?? throw new RecommendationException(
                $"The catalog has no analyses by '{o.ModelId}'{(o.FeatureVersion is { } v ? $" v{v}" : "")}; it has: "
                + (sets.Count == 0 ? "none" : string.Join(", ", sets.Select(s => $"{s.ModelId} v{s.FeatureVersion} ({s.Count})"))) + ".");
    }

    /// <summary>
    /// Loads the snapshot of the chosen analysis set, or of the catalog's fitted embedding space when it applies
    /// (<see cref="CatalogLoadOptions.UseEmbeddingSpace"/>): then every embedding is the space's transform of the
    /// track's analyses in each set of the space (tracks missing from a set are left out), and the context knows the
    /// space's blocks.
    /// </summary>
    public static CatalogSnapshot Load(ICatalogStore store, CatalogLoadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        var o = (options ?? CatalogLoadOptions.Default).Validate();
        var space = o.UseEmbeddingSpace ? SpaceFor(store, o) : null;
        var set = space is null ? ChooseSet(store, o) : InfoOf(store, space.Sets[0]);
        var version = space?.Key ?? VersionKey(set.ModelId, set.FeatureVersion);
        return o.SnapshotPath(version) is { } file
            ? SnapshotFileLoader.Load(store, o, set, space, version, file, graph => LoadFromStore(store, o, set, space, version, graph))
            : LoadFromStore(store, o, set, space, version, graph: true);
    }

    /// <summary>
    /// Writes the serving snapshot file these options keep (<see cref="CatalogLoadOptions.SnapshotPath"/>) when it is
    /// missing or stale, as a load would but without opening or building a graph: what a scan or a synthesis does at
    /// its end, so the next server start maps the file instead of reading every analysis. Null when the options keep
    /// no file; else the file, whether it was written, and why (or "current").
    /// </summary>
    public static (string File, bool Written, string Why)? WriteSnapshotFile(ICatalogStore store, CatalogLoadOptions options)
    {
        ArgumentNullException.ThrowIfNull(store);
        var o = options.Validate();
        var space = o.UseEmbeddingSpace ? SpaceFor(store, o) : null;
        var set = space is null ? ChooseSet(store, o) : InfoOf(store, space.Sets[0]);
        var version = space?.Key ?? VersionKey(set.ModelId, set.FeatureVersion);
        if (o.SnapshotPath(version) is not { } file)
        {
            return null;
        }

        var written = SnapshotFileLoader.WriteIfStale(store, o, version, file, () => LoadFromStore(store, o, set, space, version, graph: false), out var why);
        return (file, written, why);
    }

    /// <summary>The snapshot read from the catalog; without <paramref name="graph"/> (a load only to write the snapshot file) no approximate graph is opened or built.</summary>
    private static CatalogSnapshot LoadFromStore(ICatalogStore store, CatalogLoadOptions o, AnalysisSetInfo set, EmbeddingSpace? space, string version, bool graph)
    {
        var indexOptions = o.IndexOptions(version);
        if (!graph)
        {
            indexOptions = indexOptions with { Approximate = indexOptions.Approximate with { Threshold = int.MaxValue, GraphFile = null } };
        }

        var records = store.TracksById();
        var others = space is null ? [] : space.Sets.Skip(1).Select(s => ReadEmbeddings(store, s)).ToList();

        // Rows keep what the snapshot needs of an analysis (genre probabilities, the explained statistics), not the
        // analysis itself: its summary features are as long as the embedding and would double the load's peak.
        var rows = new List<(TrackRecord Track, float[] Probabilities, IReadOnlyDictionary<string, float> Stats, string? Label, float[] Embedding)>();
        foreach (var a in store.ReadAnalyses(set.ModelId, set.FeatureVersion))
        {
            if (!records.TryGetValue(a.TrackId, out var t))
            {
                continue;
            }

            var embedding = space is null ? a.Embedding : space.TransformTrack(a.TrackId, a.Embedding, others);
            if (embedding is null)
            {
                continue;
            }

            rows.Add((t, a.GenreProbabilities, StatsOf(a.SummaryFeatures, o.SummaryStats), LabelOf(t, o.Labels), embedding));
        }

        // Label vocabulary: the model's, else the distinct tag/folder labels.
        var modelLabels = set.GenreLabels.Count > 0;
        var labels = modelLabels
            ? set.GenreLabels.ToList()
            : rows.Select(r => r.Label).OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase).ToList();
        var labelOfRow = rows.Select(r => r.Label is null ? -1 : CatalogSnapshot.IndexOfLabel(labels, r.Label)).ToArray();
        var info = modelLabels ? GenreInfo.Model
            : labels.Count == 0 || o.Fallback == GenreFallback.None ? GenreInfo.None
            : o.Fallback == GenreFallback.OneHot ? GenreInfo.LabelsOneHot
            : GenreInfo.NeighbourVote;
        if (info == GenreInfo.None)
        {
            labels = [];
        }

        var probabilities = info switch
        {
            GenreInfo.Model => rows.Select(r => r.Probabilities).ToArray(),
            GenreInfo.None => rows.Select(_ => Array.Empty<float>()).ToArray(),
            _ => LabelProbabilities(rows.Select(r => (r.Track.Id, r.Embedding)).ToList(), labelOfRow, labels.Count, info, o.NeighbourCount),
        };

        var tracks = new List<TrackFeatures>(rows.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            var (t, _, stats, label, embedding) = rows[i];
            var genre = label is null ? null : labelOfRow[i] >= 0 && info != GenreInfo.None ? labels[labelOfRow[i]] : label;
            tracks.Add(Features(t, stats, genre, embedding, probabilities[i], version));
        }

        var interactions = ReadInteractions(store);
        rows.Clear();

        // The embeddings were read for this snapshot alone: the index keeps them as its rows instead of a copy.
        var context = new RecommendationContext(version, labels, tracks, interactions, o.Weights, indexOptions, ownsEmbeddings: true) { Blocks = space?.Blocks ?? [], ProximityOptions = space?.Proximity };
        return new CatalogSnapshot(context, set, info, o, store.ListUsers(), info == GenreInfo.None ? labelOfRow.Select(_ => -1).ToArray() : labelOfRow, space);
    }

    /// <summary>
    /// The catalog's fitted space when <paramref name="options"/> let it apply and it is current: every set it fuses
    /// is in the catalog with analyses of the fitted length; no model asked, or the asked set is one of the space's sets
    /// (a fused space serves each of its models: <c>serve --model summary</c> over summary + contrastive).
    /// Null otherwise (the raw embeddings are used).
    /// </summary>
    public static EmbeddingSpace? SpaceFor(ICatalogStore store, CatalogLoadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        var o = (options ?? CatalogLoadOptions.Default).Validate();
        if (store.FindEmbeddingSpace() is not { } record)
        {
            return null;
        }

        var space = new EmbeddingSpace(record);
        var sets = store.ListAnalysisSets();
        var current = space.Sets.All(s => sets.Any(x => x.ModelId == s.ModelId && x.FeatureVersion == s.FeatureVersion && x.Count > 0 && x.EmbeddingDimension == s.Dimension));
        if (!current)
        {
            return null;
        }

        if (o.ModelId is null)
        {
            return space;
        }

        var asked = ChooseSet(store, o);
        return space.Sets.Any(s => s.ModelId == asked.ModelId && s.FeatureVersion == asked.FeatureVersion) ? space : null;
    }

    /// <summary>A track's label: its genre tag, else (when asked) the name of its folder.</summary>
    public static string? LabelOf(TrackRecord track, GenreLabelSource source)
    {
        ArgumentNullException.ThrowIfNull(track);
        if (!string.IsNullOrWhiteSpace(track.GenreTag))
        {
            return track.GenreTag.Trim();
        }

        if (source == GenreLabelSource.TagsOrFolder)
        {
            var folder = Path.GetFileName(Path.GetDirectoryName(track.Path));
            return string.IsNullOrWhiteSpace(folder) ? null : folder;
        }

        return null;
    }

    /// <summary>A catalog track with its analysis as the recommenders see it (title falls back to the file name).</summary>
    internal static TrackFeatures Features(TrackRecord track, AnalysisRecord analysis, string? genre, float[] embedding, float[] probabilities, string version, CatalogLoadOptions options)
        => Features(track, StatsOf(analysis.SummaryFeatures, options.SummaryStats), genre, embedding, probabilities, version);

    private static TrackFeatures Features(TrackRecord track, IReadOnlyDictionary<string, float> stats, string? genre, float[] embedding, float[] probabilities, string version)
        => new(
            track.Id,
            string.IsNullOrWhiteSpace(track.Title) ? Path.GetFileNameWithoutExtension(track.Path) : track.Title,
            track.Artist ?? "",
            track.Album ?? "",
            track.Path,
            track.DurationSeconds,
            probabilities,
            embedding)
        {
            FeatureVersion = version,
            Genre = genre,
            Stats = stats,
        };

    /// <summary>
    /// An empty snapshot of one analysis set that has no analyses yet (a new server's catalog): no tracks, the given
    /// genre labels (<see cref="GenreInfo.Model"/> when there are any). Tracks then come in through
    /// <see cref="CatalogSnapshot.WithTracks"/>.
    /// </summary>
    public static CatalogSnapshot Empty(string modelId, int featureVersion, IReadOnlyList<string> genreLabels, CatalogLoadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(genreLabels);
        var o = (options ?? CatalogLoadOptions.Default).Validate();
        var set = new AnalysisSetInfo(modelId, featureVersion, 0, genreLabels, 0, null);
        var context = new RecommendationContext(VersionKey(modelId, featureVersion), genreLabels, [], [], o.Weights, o.IndexOptions(VersionKey(modelId, featureVersion)));
        return new CatalogSnapshot(context, set, genreLabels.Count > 0 ? GenreInfo.Model : GenreInfo.None, o, [], []);
    }

    /// <summary>The named statistics of a summary-feature vector (positions past its end skipped).</summary>
    internal static IReadOnlyDictionary<string, float> StatsOf(float[] summary, IReadOnlyDictionary<string, int> positions)
    {
        var stats = new Dictionary<string, float>(positions.Count, StringComparer.Ordinal);
        foreach (var (name, index) in positions)
        {
            if (index < summary.Length && float.IsFinite(summary[index]))
            {
                stats[name] = summary[index];
            }
        }

        return stats;
    }

    private static AnalysisSetInfo InfoOf(ICatalogStore store, SpaceSetRecord set)
        => store.ListAnalysisSets().First(s => s.ModelId == set.ModelId && s.FeatureVersion == set.FeatureVersion);

    private static Dictionary<long, float[]> ReadEmbeddings(ICatalogStore store, SpaceSetRecord set)
    {
        var result = new Dictionary<long, float[]>();
        foreach (var a in store.ReadAnalyses(set.ModelId, set.FeatureVersion))
        {
            result[a.TrackId] = a.Embedding;
        }

        return result;
    }

    internal static List<Interaction> ReadInteractions(ICatalogStore store)
        => store.ReadAllInteractions().Select(CatalogSnapshot.InteractionOf).ToList();

    private static float[][] LabelProbabilities(List<(long Id, float[] Embedding)> rows, int[] labelOfRow, int labelCount, GenreInfo info, int k)
    {
        // When every row is one-hot from its own label nothing votes: no index (at 100k tracks the graph alone took minutes).
        if (info == GenreInfo.LabelsOneHot && labelOfRow.All(l => l >= 0))
        {
            return labelOfRow.Select(l => GenreVotes.OneHot(l, labelCount)).ToArray();
        }

        // One search per row that votes: above the threshold the graph (built here, synchronously) pays for itself many times.
        var exact = new SimilarityIndex(rows.Select(r => r.Id).ToArray(), rows.Select(r => r.Embedding).ToArray());
        ISimilarityIndex index = exact.Count >= AnnIndexOptions.Default.Threshold ? new AnnIndex(exact) : exact;
        var result = new float[rows.Count][];
        var self = new HashSet<long>();
        for (var i = 0; i < rows.Count; i++)
        {
            if (info == GenreInfo.LabelsOneHot && labelOfRow[i] >= 0)
            {
                result[i] = GenreVotes.OneHot(labelOfRow[i], labelCount);
                continue;
            }

            self.Clear();
            self.Add(rows[i].Id);
            result[i] = GenreVotes.Vote(index, index.VectorAt(i), labelOfRow, labelCount, k, self);
        }

        return result;
    }
}
