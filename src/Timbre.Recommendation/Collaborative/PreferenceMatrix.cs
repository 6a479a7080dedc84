using Timbre.Recommendation.Domain;

namespace Timbre.Recommendation.Collaborative;

/// <summary>Sparse user × track matrix of folded preference weights (rows = snapshot rows), both directions.</summary>
public sealed class PreferenceMatrix
{
    private readonly Dictionary<string, int> _userIndex = new(StringComparer.Ordinal);

    /// <summary>Builds the matrix from a snapshot's folded weights (zero weights are dropped).</summary>
    public PreferenceMatrix(RecommendationContext context)
    {
        var users = context.Users.OrderBy(u => u, StringComparer.Ordinal).ToArray();
        UserIds = users;
        ByUser = new (int Item, float Value)[users.Length][];
        var byItem = new List<(int User, float Value)>[context.Tracks.Count];
        for (var u = 0; u < users.Length; u++)
        {
            _userIndex[users[u]] = u;
            ByUser[u] = context.WeightsOf(users[u]).Where(p => p.Value != 0).Select(p => (p.Key, p.Value)).OrderBy(p => p.Key).ToArray();
            foreach (var (item, value) in ByUser[u])
            {
                (byItem[item] ??= []).Add((u, value));
            }
        }

        ByItem = byItem.Select(l => l?.ToArray() ?? []).ToArray();
        ItemCount = context.Tracks.Count;
    }

    /// <summary>User ids, by user index.</summary>
    public IReadOnlyList<string> UserIds { get; }

    /// <summary>Per user index: (item row, weight), sorted by row.</summary>
    public (int Item, float Value)[][] ByUser { get; }

    /// <summary>Per item row: (user index, weight).</summary>
    public (int User, float Value)[][] ByItem { get; }

    /// <summary>Number of item rows (all snapshot tracks, rated or not).</summary>
    public int ItemCount { get; }

    /// <summary>Index of a user, or -1.</summary>
    public int UserIndex(string userId) => _userIndex.TryGetValue(userId, out var u) ? u : -1;
}
