using Timbre.Core.Catalog;
using Timbre.Core.Errors;
using Timbre.Recommendation.Domain;

namespace Timbre.Recommendation.Collaborative;

/// <summary>
/// <see cref="UserKnnRecommender"/>'s scores over a compact matrix keyed by track id, without a snapshot: built from
/// every stored interaction and the set of track ids the index holds (the cluster's collaborative grain fits it; the
/// snapshot's tracks are those ids, its rows in id order). Same fold (<see cref="PreferenceWeights.Aggregate"/> per user
/// and track, in the interactions' order), same user order (ordinal by user key), same arithmetic in the same order, so
/// the scores are those of the recommender over a snapshot of the same tracks and interactions. Cosine similarity only
/// (the registry's default); the matrix holds 8 bytes per non-zero weight in each direction.
/// </summary>
public sealed class UserKnnModel
{
    private readonly Dictionary<string, int> _userIndex = new(StringComparer.Ordinal);
    private readonly long[] _itemIds;
    private readonly (int Item, float Value)[][] _byUser;
    private readonly (int User, float Value)[][] _byItem;
    private readonly double[] _norms;
    private readonly long[][] _zeroWeight;
    private readonly Dictionary<long, int> _support = [];
    private readonly KnnOptions _options;

    private UserKnnModel(string[] users, long[] itemIds, (int Item, float Value)[][] byUser, long[][] zeroWeight, KnnOptions options)
    {
        _options = options;
        _itemIds = itemIds;
        _byUser = byUser;
        _zeroWeight = zeroWeight;
        for (var u = 0; u < users.Length; u++)
        {
            _userIndex[users[u]] = u;
        }

        var byItem = new List<(int User, float Value)>[itemIds.Length];
        _norms = new double[users.Length];
        for (var u = 0; u < users.Length; u++)
        {
            foreach (var (item, value) in byUser[u])
            {
                (byItem[item] ??= []).Add((u, value));
            }

            _norms[u] = Math.Sqrt(byUser[u].Sum(p => (double)p.Value * p.Value));
        }

        _byItem = [.. byItem.Select(l => l?.ToArray() ?? [])];
        for (var i = 0; i < itemIds.Length; i++)
        {
            _support[itemIds[i]] = _byItem[i].Length;
        }

        foreach (var id in zeroWeight.SelectMany(z => z))
        {
            _support[id] = _support.GetValueOrDefault(id) + 1;
        }
    }

    /// <summary>Users with at least one interaction.</summary>
    public int UserCount => _byUser.Length;

    /// <summary>Tracks some user gave a non-zero weight.</summary>
    public int ItemCount => _itemIds.Length;

    /// <summary>Non-zero weights held.</summary>
    public long Weights { get; private init; }

    /// <summary>
    /// Folds <paramref name="interactions"/> (user keys as the snapshot keys them; any order, the order of one user's
    /// events on one track decides ties of time as in the snapshot) over the tracks of <paramref name="heldIds"/>.
    /// </summary>
    public static UserKnnModel Fit(IEnumerable<Interaction> interactions, IReadOnlySet<long> heldIds, PreferenceWeights? weights = null, KnnOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(interactions);
        ArgumentNullException.ThrowIfNull(heldIds);
        var knn = (options ?? KnnOptions.Default).Validate();
        if (knn.Similarity != NeighbourSimilarity.Cosine)
        {
            throw new InvalidOptionsException("The compact user-kNN model computes cosine similarity only.");
        }

        var fold = (weights ?? PreferenceWeights.Default).Validate();
        // Held as 24-byte events (not the records: a stream of millions would keep every record and its user key).
        var byUserEvents = new Dictionary<string, List<Event>>(StringComparer.Ordinal);
        foreach (var i in interactions)
        {
            if (heldIds.Contains(i.TrackId))
            {
                (byUserEvents.TryGetValue(i.UserId, out var list) ? list : byUserEvents[i.UserId] = []).Add(new Event(i.TrackId, i.Time.UtcTicks, i.Value, i.Kind));
            }
            else if (!byUserEvents.ContainsKey(i.UserId))
            {
                byUserEvents[i.UserId] = []; // a user of no held track is still a user (an empty row)
            }
        }

        var users = byUserEvents.Keys.Order(StringComparer.Ordinal).ToArray();
        var folded = new List<(long Id, float Value)>[users.Length];
        var zero = new long[users.Length][];
        var items = new SortedSet<long>();
        for (var u = 0; u < users.Length; u++)
        {
            folded[u] = [];
            var zeros = new List<long>();
            foreach (var track in byUserEvents[users[u]].GroupBy(e => e.TrackId))
            {
                var w = fold.Aggregate(track.Select(e => new Interaction(users[u], e.TrackId, e.Kind, e.Value, new DateTimeOffset(e.Ticks, TimeSpan.Zero))));
                if (w != 0)
                {
                    folded[u].Add((track.Key, w));
                    items.Add(track.Key);
                }
                else
                {
                    zeros.Add(track.Key);
                }
            }

            zero[u] = [.. zeros];
            byUserEvents.Remove(users[u]);
        }

        var itemIds = items.ToArray();
        var byUser = new (int Item, float Value)[users.Length][];
        long count = 0;
        for (var u = 0; u < users.Length; u++)
        {
            byUser[u] = [.. folded[u].Select(p => (Item: Array.BinarySearch(itemIds, p.Id), p.Value)).OrderBy(p => p.Item)];
            count += byUser[u].Length;
        }

        return new UserKnnModel(users, itemIds, byUser, zero, knn) { Weights = count };
    }

    /// <summary>One stored event, compact.</summary>
    private readonly record struct Event(long TrackId, long Ticks, float Value, InteractionKind Kind);

    /// <summary>The user's non-zero weights by track id (the CF seeds), in id order; empty for an unknown user.</summary>
    public IReadOnlyList<(long Id, float Weight)> WeightsOf(string user)
        => _userIndex.TryGetValue(user, out var u) ? [.. _byUser[u].Select(p => (_itemIds[p.Item], p.Value))] : [];

    /// <summary>Every held track the user touched: the non-zero weights and those that folded to zero (a rating of 3).</summary>
    public IReadOnlySet<long> KnownOf(string user)
        => _userIndex.TryGetValue(user, out var u) ? _byUser[u].Select(p => _itemIds[p.Item]).Concat(_zeroWeight[u]).ToHashSet() : new HashSet<long>();

    /// <summary>How many users touched the track (any weight, zero included): the hybrid method's item support m_i.</summary>
    public int SupportOf(long trackId) => _support.GetValueOrDefault(trackId);

    /// <summary>
    /// The user's score per track some neighbour weighted (the finite scores of <see cref="UserKnnRecommender"/>'s
    /// <c>ScoreAll</c>, by track id), or null for a user the recommender cannot score (unknown, or no non-zero weight).
    /// </summary>
    public Dictionary<long, float>? Scores(string user)
    {
        if (!_userIndex.TryGetValue(user, out var u) || _byUser[u].Length == 0)
        {
            return null;
        }

        // The recommender's co-rated dot products: per other user, summed in this user's item order.
        var dots = new Dictionary<int, double>();
        foreach (var (item, va) in _byUser[u])
        {
            foreach (var (other, vb) in _byItem[item])
            {
                if (other != u)
                {
                    dots[other] = dots.GetValueOrDefault(other) + ((double)va * vb);
                }
            }
        }

        var normU = _norms[u];
        var neighbours = dots
            .Select(kv => (User: kv.Key, Sim: normU > 0 && _norms[kv.Key] > 0 ? kv.Value / (normU * _norms[kv.Key]) : 0))
            .Where(n => n.Sim != 0)
            .OrderByDescending(n => Math.Abs(n.Sim)).ThenBy(n => n.User)
            .Take(_options.Neighbours)
            .ToList();
        var sums = new Dictionary<int, (double Num, double Den)>();
        foreach (var (other, sim) in neighbours)
        {
            foreach (var (item, value) in _byUser[other])
            {
                var (num, den) = sums.GetValueOrDefault(item);
                sums[item] = (num + (sim * value), den + Math.Abs(sim));
            }
        }

        var scores = new Dictionary<long, float>(sums.Count);
        foreach (var (item, (num, den)) in sums)
        {
            if (den > 0)
            {
                scores[_itemIds[item]] = (float)(num / (den + _options.Shrinkage));
            }
        }

        return scores;
    }
}
