using System.Collections.Concurrent;
using System.Globalization;
using Timbre.Core.Catalog;
using Timbre.Recommendation.Domain;
using Timbre.Recommendation.Recommenders;
using Timbre.Recommendation.Space;

namespace Timbre.Recommendation.Catalog;

/// <summary>Where a snapshot's genre probabilities came from.</summary>
public enum GenreInfo
{
    /// <summary>No genre information (no classifier, no labels): genre-based methods cannot run.</summary>
    None,

    /// <summary>The model's predicted probabilities.</summary>
    Model,

    /// <summary>One-hot vectors of the tracks' own labels (neighbour vote for unlabelled tracks).</summary>
    LabelsOneHot,

    /// <summary>Leave-one-out k-NN vote of the neighbours' labels.</summary>
    NeighbourVote,
}

/// <summary>
/// A <see cref="RecommendationContext"/> loaded from a catalog, with what is needed to talk about it: the analysis
/// set it came from, where its genres came from, track lookup by id or path and the user keys of the context.
/// User keys in the context are catalog user ids as invariant decimal strings (<see cref="UserKey"/>).
/// </summary>
public sealed class CatalogSnapshot
{
    private readonly Dictionary<string, long> _idByPath;
    private readonly Dictionary<string, UserRecord> _usersByName;
    private readonly ConcurrentDictionary<string, Lazy<IRecommender>> _recommenders = new(StringComparer.Ordinal);
    private readonly CollaborativeModels _models;
    private readonly long _applied;
    private readonly ITrackMetadata? _metadata;
    private int _outsideCounter;

    internal CatalogSnapshot(
        RecommendationContext context, AnalysisSetInfo set, GenreInfo genreInfo, CatalogLoadOptions options, IReadOnlyList<UserRecord> users, int[] labelOfRow, EmbeddingSpace? space = null, ITrackMetadata? metadata = null)
    {
        _metadata = metadata;
        Space = space;
        Context = context;
        Set = set;
        GenreInfo = genreInfo;
        Options = options;
        LabelOfRow = labelOfRow;
        _idByPath = IdByPath(context, metadata);
        _usersByName = users.ToDictionary(u => u.Name, StringComparer.OrdinalIgnoreCase);
        _models = new CollaborativeModels(options.ModelRefresh.Validate());
    }

    private CatalogSnapshot(CatalogSnapshot from, RecommendationContext context, int[] labelOfRow, Dictionary<string, long> idByPath, long applied)
    {
        _models = from._models;
        _metadata = from._metadata;
        _applied = applied;
        Space = from.Space;
        Context = context;
        Set = from.Set;
        GenreInfo = from.GenreInfo;
        Options = from.Options;
        LabelOfRow = labelOfRow;
        _idByPath = idByPath;
        _usersByName = from._usersByName;
        _outsideCounter = from._outsideCounter;
    }

    /// <summary>The snapshot the recommenders work on.</summary>
    public RecommendationContext Context { get; }

    /// <summary>The analysis set (model id, feature version) the vectors come from.</summary>
    public AnalysisSetInfo Set { get; }

    /// <summary>The fitted embedding space the vectors were transformed by, or null for raw embeddings of <see cref="Set"/>.</summary>
    public EmbeddingSpace? Space { get; }

    /// <summary>
    /// The analysis sets an outside file must be analysed by: the space's sets, or <see cref="Set"/> (dimension 0 for
    /// an empty snapshot of a set with no analyses yet: any length is taken).
    /// </summary>
    public IReadOnlyList<SpaceSetRecord> RequiredSets
        => Space?.Sets ?? [new SpaceSetRecord(Set.ModelId, Set.FeatureVersion, Set.EmbeddingDimension > 0 || Context.Tracks.Count == 0 ? Set.EmbeddingDimension : Context.Index.Dimension)];

    /// <summary>Where the genre probabilities come from.</summary>
    public GenreInfo GenreInfo { get; }

    /// <summary>The options used to load.</summary>
    public CatalogLoadOptions Options { get; }

    /// <summary>True when genre-based methods (m2, profile, multi, hybrid) have genre information to work with.</summary>
    public bool HasGenres => Context.GenreLabels.Count > 0;

    /// <summary>Index into <see cref="RecommendationContext.GenreLabels"/> of each row's label (tag/folder), or -1.</summary>
    internal int[] LabelOfRow { get; }

    /// <summary>The context's user key of a catalog user id.</summary>
    public static string UserKey(long userId) => userId.ToString(CultureInfo.InvariantCulture);

    /// <summary>A stored interaction as the context holds it (user key = <see cref="UserKey"/> of its user id).</summary>
    public static Interaction InteractionOf(InteractionRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return new Interaction(UserKey(record.UserId), record.TrackId, record.Kind, (float)record.Value, record.At);
    }

    /// <summary>The catalog user with this name (case-insensitive) as of loading, or null.</summary>
    public UserRecord? FindUser(string name) => _usersByName.GetValueOrDefault(name);

    /// <summary>The track of a catalog id, or null when it has no analysis in this set.</summary>
    public TrackFeatures? FindTrack(long id)
    {
        var row = Context.RowOf(id);
        return row < 0 ? null : Context.Tracks[row];
    }

    /// <summary>
    /// The catalog id named by <paramref name="idOrPath"/>: a decimal id of an analysed track, or the path of an
    /// analysed catalog file (compared as a full path). Null when it names neither.
    /// </summary>
    public long? ResolveTrack(string idOrPath)
    {
        if (long.TryParse(idOrPath, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && Context.RowOf(id) >= 0)
        {
            return id;
        }

        try
        {
            var path = Path.GetFullPath(idOrPath);
            if (_metadata is not null)
            {
                return _metadata.FindByPath(path) is { } t && Context.RowOf(t.Id) >= 0 ? t.Id : null;
            }

            return _idByPath.TryGetValue(path, out var byPath) ? byPath : null;
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    /// <summary>
    /// Seed features for an analysis made outside the catalog (an uploaded or <c>--like</c> file) by the snapshot's
    /// model: gets a fresh negative id, the snapshot's version key, and genre probabilities made the same way as the
    /// catalog's (model output, or the one-hot of <paramref name="genreTag"/> / neighbour vote). With a space, the
    /// embedding is transformed with its stored statistics (the space must be of this one set).
    /// Another model or feature version throws <see cref="FeatureVersionMismatchException"/>.
    /// </summary>
    public TrackFeatures FromOutsideAnalysis(AnalysisRecord analysis, string path, string? title = null, string? artist = null, string? genreTag = null)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        return FromOutsideAnalyses([analysis], path, title, artist, genreTag);
    }

    /// <summary>
    /// As <see cref="FromOutsideAnalysis"/> with one analysis per set of <see cref="RequiredSets"/> (any order; extra
    /// ones ignored): the embedding is the space's transform of them, the genre probabilities those of the first set.
    /// </summary>
    public TrackFeatures FromOutsideAnalyses(IReadOnlyList<AnalysisRecord> analyses, string path, string? title = null, string? artist = null, string? genreTag = null)
    {
        ArgumentNullException.ThrowIfNull(analyses);
        var given = string.Join("+", analyses.Select(a => CatalogContextLoader.VersionKey(a.ModelId, a.FeatureVersion)));
        var matched = RequiredSets
            .Select(s => analyses.FirstOrDefault(a => a.ModelId == s.ModelId && a.FeatureVersion == s.FeatureVersion)
                ?? throw new FeatureVersionMismatchException(Context.FeatureVersion, given, $"Analysis of '{path}'"))
            .ToList();
        var analysis = matched[0];
        for (var i = 0; i < matched.Count; i++)
        {
            if (RequiredSets[i].Dimension > 0 && matched[i].Embedding.Length != RequiredSets[i].Dimension)
            {
                throw new FeatureVersionMismatchException(Context.FeatureVersion, $"{given} (dimension {matched[i].Embedding.Length})", $"Analysis of '{path}'");
            }
        }

        var embedding = Space is null ? analysis.Embedding : Space.Transform([.. matched.Select(a => a.Embedding)]);
        var labels = Context.GenreLabels;
        float[] probabilities;
        if (GenreInfo == GenreInfo.Model)
        {
            probabilities = analysis.GenreProbabilities;
        }
        else if (GenreInfo == GenreInfo.None)
        {
            probabilities = [];
        }
        else
        {
            var tagIndex = genreTag is null ? -1 : IndexOfLabel(labels, genreTag);
            probabilities = GenreInfo == GenreInfo.LabelsOneHot && tagIndex >= 0
                ? GenreVotes.OneHot(tagIndex, labels.Count)
                : GenreVotes.Vote(Context.Neighbours, embedding, LabelOfRow, labels.Count, Options.NeighbourCount, null);
        }

        var id = -Interlocked.Increment(ref _outsideCounter);
        return new TrackFeatures(id, title ?? Path.GetFileNameWithoutExtension(path), artist ?? "", "", path, 0, probabilities, embedding)
        {
            FeatureVersion = Context.FeatureVersion,
            Genre = genreTag,
            Stats = CatalogContextLoader.StatsOf(analysis.SummaryFeatures, Options.SummaryStats),
        };
    }

    /// <summary>
    /// The method of <see cref="MethodRegistry"/> with this name or alias over this snapshot, built on first use and
    /// then reused. A collaborative one (<see cref="MethodEntry.Collaborative"/>) is shared with the snapshots made from
    /// this one by likes and added tracks, and rebuilt in the background when stale (<see cref="ModelRefreshOptions"/>),
    /// never on a request after its first build. A method that needs genres throws
    /// <see cref="RecommendationException"/> when <see cref="HasGenres"/> is false.
    /// </summary>
    public IRecommender Recommender(string nameOrAlias)
    {
        var entry = MethodRegistry.Get(nameOrAlias);
        if (entry.NeedsGenres && !HasGenres)
        {
            throw new RecommendationException(
                $"Method '{entry.Name}' needs genre information, but the '{Set.ModelId}' analyses have no genre probabilities and no analysed track has a genre label.");
        }

        return entry.Collaborative
            ? _models.Get(entry, Context, _applied)
            : _recommenders.GetOrAdd(entry.Name, _ => new Lazy<IRecommender>(() => entry.Create(Context))).Value;
    }

    /// <summary>Collaborative models built so far by this snapshot's chain (first builds and background rebuilds).</summary>
    public int CollaborativeBuilds => _models.Builds;

    /// <summary>Completes when the collaborative rebuilds running now are done.</summary>
    public Task CollaborativeRefreshes() => _models.Refreshes();

    /// <summary>
    /// The model's predicted genre of a track (label of its highest probability) when the genres come from the model
    /// (<see cref="GenreInfo.Model"/>); null otherwise or for a track not in the snapshot.
    /// </summary>
    public string? PredictedGenre(long trackId)
    {
        var row = Context.RowOf(trackId);
        if (GenreInfo != GenreInfo.Model || row < 0)
        {
            return null;
        }

        var top = Context.TopGenreOf(row);
        return top >= 0 ? Context.GenreLabels[top] : null;
    }

    /// <summary>
    /// This snapshot with <paramref name="added"/> interactions applied: only the affected users' weights are folded
    /// again; tracks, genres and the similarity index are shared (<see cref="RecommendationContext.WithAddedInteractions"/>).
    /// </summary>
    public CatalogSnapshot WithAddedInteractions(IReadOnlyList<Interaction> added)
        => new(this, Context.WithAddedInteractions(added), LabelOfRow, _idByPath, _applied + added.Count);

    /// <summary>
    /// This snapshot with catalog tracks added (each with its analyses: one per <see cref="RequiredSets"/>; a
    /// track missing one is left out, as on loading) and tracks removed, without reading the catalog again: the
    /// new tracks' features are made as <see cref="CatalogContextLoader.Load"/> makes them and appended to the index.
    /// A track already in the snapshot is replaced. Null when that cannot give what a full load would: genres made
    /// from labels (a new labelled track changes its neighbours' votes, a new label the vocabulary) or a model
    /// analysis with other genre labels. The caller then loads again.
    /// </summary>
    public CatalogSnapshot? WithTracks(IReadOnlyList<(TrackRecord Track, IReadOnlyList<AnalysisRecord> Analyses)> added, IReadOnlyCollection<long> removedIds)
    {
        ArgumentNullException.ThrowIfNull(added);
        ArgumentNullException.ThrowIfNull(removedIds);
        var features = new List<TrackFeatures>(added.Count);
        var addedLabels = new Dictionary<long, int>();
        var required = RequiredSets;
        foreach (var (track, analyses) in added)
        {
            var matched = required.Select(s => analyses.FirstOrDefault(a => a.ModelId == s.ModelId && a.FeatureVersion == s.FeatureVersion)).ToList();
            var wrongSize = matched.Select((a, i) => a is not null && required[i].Dimension > 0 && a.Embedding.Length != required[i].Dimension);
            if (matched.Any(a => a is null) || wrongSize.Any(wrong => wrong))
            {
                continue;
            }

            var analysis = matched[0]!;
            var label = CatalogContextLoader.LabelOf(track, Options.Labels);
            float[] probabilities;
            switch (GenreInfo)
            {
                case GenreInfo.Model when analysis.GenreLabels.SequenceEqual(Context.GenreLabels):
                    probabilities = analysis.GenreProbabilities;
                    break;
                case GenreInfo.None when label is null || Options.Fallback == GenreFallback.None:
                    probabilities = [];
                    break;
                default:
                    return null;
            }

            // A copy: a loaded snapshot's index takes its tracks' embeddings over (normalised in place), and the caller's analysis stays as it was.
            var embedding = Space is null ? analysis.Embedding.ToArray() : Space.Transform([.. matched.Select(a => a!.Embedding)]);
            var labelIndex = label is null || GenreInfo == GenreInfo.None ? -1 : IndexOfLabel(Context.GenreLabels, label);
            var genre = labelIndex >= 0 ? Context.GenreLabels[labelIndex] : label;
            features.Add(CatalogContextLoader.Features(track, analysis, genre, embedding, probabilities, Context.FeatureVersion, Options));
            addedLabels[track.Id] = labelIndex;
        }

        var addedIds = features.Select(f => f.Id).ToHashSet();
        var removed = removedIds.Where(id => Context.RowOf(id) >= 0).Concat(addedIds.Where(id => Context.RowOf(id) >= 0)).ToHashSet();
        var context = Context.WithTracks(features, removed);
        var labelOfRow = new int[context.Tracks.Count];
        for (var r = 0; r < labelOfRow.Length; r++)
        {
            var old = Context.RowOf(context.Tracks[r].Id);
            labelOfRow[r] = addedLabels.TryGetValue(context.Tracks[r].Id, out var label) ? label : LabelOfRow[old];
        }

        return new CatalogSnapshot(this, context, labelOfRow, IdByPath(context, _metadata), _applied);
    }

    /// <summary>Track ids by full path; empty when tags are read on demand (paths are then looked up in the catalog).</summary>
    private static Dictionary<string, long> IdByPath(RecommendationContext context, ITrackMetadata? metadata)
    {
        var idByPath = new Dictionary<string, long>(StringComparer.Ordinal);
        if (metadata is null)
        {
            foreach (var t in context.Tracks)
            {
                idByPath[Path.GetFullPath(t.Path)] = t.Id;
            }
        }

        return idByPath;
    }

    internal static int IndexOfLabel(IReadOnlyList<string> labels, string label)
    {
        for (var i = 0; i < labels.Count; i++)
        {
            if (string.Equals(labels[i], label, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }
}
