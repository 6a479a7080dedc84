using System.Collections.Immutable;
using Timbre.Recommendation.Hubness;
using Timbre.Recommendation.Similarity;
using Timbre.Recommendation.Space;

namespace Timbre.Recommendation.Domain;

/// <summary>
/// Immutable in-memory snapshot the recommenders work on: genre labels, every track of one feature version
/// (with its embedding in a <see cref="SimilarityIndex"/>), and all interactions folded into per-user weights.
/// Building it with tracks of mixed feature versions throws <see cref="FeatureVersionMismatchException"/>.
/// </summary>
public sealed class RecommendationContext
{
    // Per-user tables are persistent maps: a like replaces one user's entry and shares the rest, where a copied
    // Dictionary of 10 k users put two fresh 240 KB entry arrays on the large-object heap per like.
    private ImmutableDictionary<string, Dictionary<int, float>> _userWeights;
    private readonly ImmutableDictionary<string, Interaction[]> _byUser;
    private readonly Lazy<IReadOnlyList<Interaction>> _interactions;
    private readonly int[] _topGenre;
    private readonly Lazy<GenreRowTable> _genreRows;
    private Lazy<MutualProximity?> _proximity;

    /// <summary>Builds the snapshot; tracks must share one feature version, one embedding size and one genre count.</summary>
    public RecommendationContext(
        string featureVersion,
        IReadOnlyList<string> genreLabels,
        IReadOnlyList<TrackFeatures> tracks,
        IReadOnlyList<Interaction> interactions,
        PreferenceWeights? weights = null,
        SimilarityIndexOptions? indexOptions = null)
        : this(featureVersion, genreLabels, tracks, interactions, weights, indexOptions, ownsEmbeddings: false)
    {
    }

    /// <summary>
    /// As the public constructor; with <paramref name="ownsEmbeddings"/> the index keeps the tracks' own embedding
    /// arrays as its rows (normalised in place: held once, not copied), which only the catalog loader may ask for,
    /// since it made those arrays and nobody else holds them.
    /// </summary>
    internal RecommendationContext(
        string featureVersion,
        IReadOnlyList<string> genreLabels,
        IReadOnlyList<TrackFeatures> tracks,
        IReadOnlyList<Interaction> interactions,
        PreferenceWeights? weights,
        SimilarityIndexOptions? indexOptions,
        bool ownsEmbeddings,
        SimilarityIndex? index = null)
    {
        FeatureVersion = featureVersion;
        GenreLabels = genreLabels.ToArray();
        Tracks = tracks.ToArray();
        _byUser = ByUser(interactions);
        var all = interactions.ToArray();
        _interactions = new(() => all);
        Weights = (weights ?? PreferenceWeights.Default).Validate();
        var dim = index?.Dimension ?? (Tracks.Count == 0 ? 0 : Tracks[0].Embedding.Length);
        _topGenre = new int[Tracks.Count];
        for (var r = 0; r < Tracks.Count; r++)
        {
            var t = Tracks[r];
            EnsureVersion(t, $"Track {t.Id}");
            if (index is null && t.Embedding.Length != dim)
            {
                throw new ArgumentException($"Track {t.Id} has embedding size {t.Embedding.Length}, expected {dim}.", nameof(tracks));
            }

            if (t.GenreProbabilities.Length != GenreLabels.Count)
            {
                throw new ArgumentException($"Track {t.Id} has {t.GenreProbabilities.Length} genre probabilities, expected {GenreLabels.Count}.", nameof(tracks));
            }

            _topGenre[r] = t.TopGenre;
        }

        // A given index (the mapped rows of a snapshot file) holds the tracks' embeddings, row for row.
        Index = index is not null ? index
            : ownsEmbeddings
            ? SimilarityIndex.OverRows(Tracks.Select(t => t.Id).ToArray(), Tracks.Select(t => t.Embedding).ToArray(), indexOptions)
            : new SimilarityIndex(Tracks.Select(t => t.Id).ToArray(), Tracks.Select(t => t.Embedding).ToArray(), indexOptions);
        Neighbours = AnnIndex.ChooseFor(Index, Index.Options.Approximate);
        _genreRows = new(MakeGenreRows);
        _proximity = new(MakeProximity);
        _userWeights = FoldInteractions();
    }

    private RecommendationContext(RecommendationContext tracksFrom, IReadOnlyList<Interaction> interactions)
        : this(tracksFrom, tracksFrom.Tracks, tracksFrom.Index, tracksFrom.Neighbours, tracksFrom._topGenre, ByUser(interactions), interactions.ToArray())
    {
        _userWeights = FoldInteractions();
    }

    private RecommendationContext(
        RecommendationContext from, IReadOnlyList<TrackFeatures> tracks, SimilarityIndex index, ISimilarityIndex neighbours, int[] topGenre, ImmutableDictionary<string, Interaction[]> byUser, IReadOnlyList<Interaction>? interactions)
    {
        FeatureVersion = from.FeatureVersion;
        GenreLabels = from.GenreLabels;
        Tracks = tracks;
        _byUser = byUser;
        _interactions = interactions is not null ? new(() => interactions) : new(() => [.. byUser.Values.SelectMany(i => i)]);
        Weights = from.Weights;
        Index = index;
        Neighbours = neighbours;
        Blocks = from.Blocks;
        ProximityOptions = from.ProximityOptions;
        _topGenre = topGenre;
        _genreRows = ReferenceEquals(tracks, from.Tracks) ? from._genreRows : new(MakeGenreRows); // a like shares it
        _proximity = ReferenceEquals(tracks, from.Tracks) ? from._proximity : new(MakeProximity);
        _userWeights = from._userWeights;
    }

    /// <summary>Version key of every vector in the snapshot.</summary>
    public string FeatureVersion { get; }

    /// <summary>Genre labels, in the order of <see cref="TrackFeatures.GenreProbabilities"/>.</summary>
    public IReadOnlyList<string> GenreLabels { get; }

    /// <summary>All tracks; a track's position is its row in <see cref="Index"/>.</summary>
    public IReadOnlyList<TrackFeatures> Tracks { get; }

    /// <summary>All raw interactions (after <see cref="WithAddedInteractions"/>, grouped by user: made on first use).</summary>
    public IReadOnlyList<Interaction> Interactions => _interactions.Value;

    /// <summary>How interactions were folded into weights.</summary>
    public PreferenceWeights Weights { get; }

    /// <summary>Exact index over the (normalised) embeddings.</summary>
    public SimilarityIndex Index { get; }

    /// <summary>
    /// The index nearest-neighbour searches go through: <see cref="Index"/> itself, or from
    /// <see cref="AnnIndexOptions.Threshold"/> tracks on an <see cref="AnnIndex"/> over the same rows (exact scores,
    /// approximate candidates). Full scans (<see cref="ISimilarityIndex.ScoreAll"/>) use <see cref="Index"/>.
    /// </summary>
    public ISimilarityIndex Neighbours { get; }

    /// <summary>
    /// The named blocks of the embedding (timbre, harmony, rhythm, loudness, learned) when it comes from a fitted
    /// embedding space; empty for a raw embedding. Explanations name the block that made two songs close.
    /// </summary>
    public IReadOnlyList<OutputBlock> Blocks { get; init; } = [];

    /// <summary>
    /// Mutual-proximity re-ranking of similar-song candidates (<see cref="Proximity"/>), or null for plain cosine. The
    /// catalog loader sets it when the snapshot is in a fitted embedding space that asks for it (the default).
    /// </summary>
    public MutualProximityOptions? ProximityOptions { get; init; }

    /// <summary>
    /// The snapshot's mutual proximity (seeded sample, each track's distance moments kept once computed), made on first
    /// use; null when <see cref="ProximityOptions"/> is null or the index is not a normalising cosine index.
    /// Similar-song scoring re-ranks its best candidates by it (exact and HNSW paths alike).
    /// </summary>
    public MutualProximity? Proximity => _proximity.Value;

    private MutualProximity? MakeProximity()
        => ProximityOptions is { } o && Index.Count >= 2 && MutualProximity.Supports(Index) ? new MutualProximity(Index, o) : null;

    /// <summary>Users that have at least one interaction, in ordinal order (the same in every process).</summary>
    public IEnumerable<string> Users => _userWeights.Keys.Order(StringComparer.Ordinal);

    /// <summary>Row of a track id or -1.</summary>
    public int RowOf(long trackId) => Index.RowOf(trackId);

    /// <summary>
    /// The rows' genre probabilities as one row-major table with norms (<see cref="GenreRowTable"/>), made on first use:
    /// the profile method reads it per request instead of a scattered array and two norms per track.
    /// </summary>
    internal GenreRowTable GenreRows => _genreRows.Value;

    private GenreRowTable MakeGenreRows() => GenreRowTable.Of(Tracks, GenreLabels.Count);

    /// <summary>Predicted top genre of a row.</summary>
    public int TopGenreOf(int row) => _topGenre[row];

    /// <summary>The user's folded preference weight per track row (empty for unknown users).</summary>
    public IReadOnlyDictionary<int, float> WeightsOf(string userId)
        => _userWeights.TryGetValue(userId, out var w) ? w : new Dictionary<int, float>();

    /// <summary>Throws <see cref="FeatureVersionMismatchException"/> when <paramref name="track"/> has another feature version.</summary>
    public void EnsureVersion(TrackFeatures track, string what)
    {
        if (!string.Equals(track.FeatureVersion, FeatureVersion, StringComparison.Ordinal))
        {
            throw new FeatureVersionMismatchException(FeatureVersion, track.FeatureVersion, what);
        }
    }

    /// <summary>
    /// A copy of this snapshot with other interactions (same tracks, labels, weights and index). The tracks did not
    /// change, so the similarity index and per-track data are shared, not rebuilt: only the interactions are folded.
    /// </summary>
    public RecommendationContext WithInteractions(IReadOnlyList<Interaction> interactions) => new(this, interactions);

    /// <summary>
    /// A copy of this snapshot with <paramref name="added"/> appended to its interactions: the index and track data
    /// are shared and only the weights of the users in <paramref name="added"/> are folded again (the same weights a
    /// full fold of all interactions gives). This is what a like, a play or a rating costs.
    /// </summary>
    public RecommendationContext WithAddedInteractions(IReadOnlyList<Interaction> added)
    {
        ArgumentNullException.ThrowIfNull(added);

        // Interactions are kept per user, so a like copies one user's list, never all of them.
        var byUser = _byUser;
        foreach (var group in added.GroupBy(i => i.UserId, StringComparer.Ordinal))
        {
            byUser = byUser.SetItem(group.Key, [.. byUser.GetValueOrDefault(group.Key) ?? [], .. group]);
        }

        var next = new RecommendationContext(this, Tracks, Index, Neighbours, _topGenre, byUser, interactions: null);
        var weights = _userWeights;
        foreach (var user in added.Select(i => i.UserId).Distinct(StringComparer.Ordinal))
        {
            weights = weights.SetItem(user, next.FoldUser(byUser[user]));
        }

        next._userWeights = weights;
        return next;
    }

    /// <summary>
    /// A copy of this snapshot with <paramref name="added"/> tracks appended (same feature version, embedding size
    /// and genre count) and the tracks of <paramref name="removedIds"/> dropped. The index keeps its stored rows and
    /// normalises only the new ones (<see cref="SimilarityIndex.WithRows"/>); interactions with removed tracks are
    /// dropped (as the catalog deletes them with the track) and the rest folded again, since track rows moved.
    /// </summary>
    public RecommendationContext WithTracks(IReadOnlyList<TrackFeatures> added, IReadOnlySet<long> removedIds)
    {
        ArgumentNullException.ThrowIfNull(added);
        ArgumentNullException.ThrowIfNull(removedIds);
        foreach (var t in added)
        {
            EnsureVersion(t, $"Track {t.Id}");
            if (Tracks.Count > 0 && t.Embedding.Length != Index.Dimension)
            {
                throw new ArgumentException($"Track {t.Id} has embedding size {t.Embedding.Length}, expected {Index.Dimension}.", nameof(added));
            }

            if (t.GenreProbabilities.Length != GenreLabels.Count)
            {
                throw new ArgumentException($"Track {t.Id} has {t.GenreProbabilities.Length} genre probabilities, expected {GenreLabels.Count}.", nameof(added));
            }
        }

        var tracks = Tracks.Where(t => !removedIds.Contains(t.Id)).Concat(added).ToArray();
        var index = Index.WithRows(added.Select(t => t.Id).ToArray(), added.Select(t => t.Embedding).ToArray(), removedIds);
        var neighbours = Neighbours is AnnIndex ann
            ? ann.WithRows(index, added.Select(t => t.Id).ToArray(), removedIds)
            : AnnIndex.ChooseFor(index, index.Options.Approximate);
        var interactions = removedIds.Count == 0 ? Interactions : Interactions.Where(i => !removedIds.Contains(i.TrackId)).ToArray();
        var next = new RecommendationContext(this, tracks, index, neighbours, tracks.Select(t => t.TopGenre).ToArray(), ByUser(interactions), interactions);
        next._userWeights = next.FoldInteractions();
        if (_proximity.IsValueCreated && _proximity.Value is { } proximity && index.Count >= 2)
        {
            // Same sample, moments of the changed tracks forgotten (a re-analysed track is removed and added again).
            var kept = proximity.WithChanged(added.Select(t => t.Id).Concat(removedIds));
            next._proximity = new(() => kept);
        }

        return next;
    }

    private ImmutableDictionary<string, Dictionary<int, float>> FoldInteractions()
    {
        var result = ImmutableDictionary.CreateBuilder<string, Dictionary<int, float>>(StringComparer.Ordinal);
        foreach (var (user, interactions) in _byUser)
        {
            result[user] = FoldUser(interactions);
        }

        return result.ToImmutable();
    }

    private static ImmutableDictionary<string, Interaction[]> ByUser(IEnumerable<Interaction> interactions)
        => interactions.GroupBy(i => i.UserId, StringComparer.Ordinal).ToImmutableDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);

    private Dictionary<int, float> FoldUser(IEnumerable<Interaction> interactionsOfOneUser)
    {
        var map = new Dictionary<int, float>();
        foreach (var trackGroup in interactionsOfOneUser.GroupBy(i => i.TrackId))
        {
            var row = RowOf(trackGroup.Key);
            if (row < 0)
            {
                continue; // interaction with a track not (yet) analysed in this version
            }

            map[row] = Weights.Aggregate(trackGroup);
        }

        return map;
    }
}
