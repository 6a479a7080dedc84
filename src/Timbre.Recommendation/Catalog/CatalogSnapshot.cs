using System.Globalization;
using Timbre.Core.Catalog;
using Timbre.Recommendation.Domain;
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
    private int _outsideCounter;

    internal CatalogSnapshot(RecommendationContext context, AnalysisSetInfo set, GenreInfo genreInfo, CatalogLoadOptions options, IReadOnlyList<UserRecord> users, int[] labelOfRow, EmbeddingSpace? space = null)
    {
        Space = space;
        Context = context;
        Set = set;
        GenreInfo = genreInfo;
        Options = options;
        LabelOfRow = labelOfRow;
        _idByPath = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var t in context.Tracks)
        {
            _idByPath[Path.GetFullPath(t.Path)] = t.Id;
        }

        _usersByName = users.ToDictionary(u => u.Name, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The snapshot the recommenders work on.</summary>
    public RecommendationContext Context { get; }

    /// <summary>The analysis set (model id, feature version) the vectors come from.</summary>
    public AnalysisSetInfo Set { get; }

    /// <summary>The fitted embedding space the vectors were transformed by, or null for raw embeddings of <see cref="Set"/>.</summary>
    public EmbeddingSpace? Space { get; }

    /// <summary>The analysis sets an outside file must be analysed by: the space's sets, or <see cref="Set"/>.</summary>
    public IReadOnlyList<SpaceSetRecord> RequiredSets
        => Space?.Sets ?? [new SpaceSetRecord(Set.ModelId, Set.FeatureVersion, Set.EmbeddingDimension)];

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
            return _idByPath.TryGetValue(Path.GetFullPath(idOrPath), out var byPath) ? byPath : null;
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
            if (matched[i].Embedding.Length != RequiredSets[i].Dimension)
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
                : GenreVotes.Vote(Context.Index, embedding, LabelOfRow, labels.Count, Options.NeighbourCount, null);
        }

        var id = -Interlocked.Increment(ref _outsideCounter);
        return new TrackFeatures(id, title ?? Path.GetFileNameWithoutExtension(path), artist ?? "", "", path, 0, probabilities, embedding)
        {
            FeatureVersion = Context.FeatureVersion,
            Genre = genreTag,
            Stats = CatalogContextLoader.StatsOf(analysis.SummaryFeatures, Options.SummaryStats),
        };
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
