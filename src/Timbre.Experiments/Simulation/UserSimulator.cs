using Timbre.Recommendation.Domain;

namespace Timbre.Experiments.Simulation;

/// <summary>
/// Simulated users from corpus labels (<see cref="TrackFeatures.Genre"/>, else the predicted top genre). A user
/// picks 1 or 2–3 genres with random shares, likes tracks drawn from them (Zipf-skewed popularity within each
/// genre), rates them 4–5, rates a few other-genre tracks 1–2, and a fraction of the likes is held out.
/// </summary>
public static class UserSimulator
{
    /// <summary>Generates the users; deterministic for a seed.</summary>
    public static IReadOnlyList<SimulatedUser> Generate(IReadOnlyList<TrackFeatures> tracks, IReadOnlyList<string> labels, UserSimulatorOptions? options = null)
    {
        var o = (options ?? UserSimulatorOptions.Default).Validate();
        var rng = new Random(o.Seed);
        var byGenre = tracks.GroupBy(t => LabelOf(t, labels)).ToDictionary(g => g.Key, g => Shuffle(g.ToList(), rng));
        var genres = byGenre.Keys.OrderBy(k => k, StringComparer.Ordinal).ToList();
        var users = new List<SimulatedUser>();
        for (var u = 0; u < o.SingleCategoryUsers + o.MultiCategoryUsers; u++)
        {
            var multi = u >= o.SingleCategoryUsers;
            var count = multi ? Math.Min(genres.Count, 2 + rng.Next(2)) : 1;
            var chosen = Shuffle(genres.ToList(), rng).Take(count).ToList();
            var shares = chosen.Select(_ => 0.5 + rng.NextDouble()).ToArray();
            var liked = new HashSet<TrackFeatures>();
            var guard = 0;
            while (liked.Count < o.LikesPerUser && guard++ < o.LikesPerUser * 50)
            {
                var g = chosen[Pick(shares, rng)];
                liked.Add(Zipf(byGenre[g], o.PopularitySkew, rng));
            }

            var likes = Shuffle(liked.ToList(), rng);
            var heldCount = Math.Max(1, (int)Math.Round(likes.Count * o.HeldOutFraction));
            var id = $"{(multi ? "multi" : "single")}{u:000}";
            var known = likes.Skip(heldCount).Select(t => Interaction.Rate(id, t.Id, 4 + rng.Next(2))).ToList();
            var others = tracks.Where(t => !chosen.Contains(LabelOf(t, labels))).ToList();
            for (var d = 0; d < o.DislikesPerUser && others.Count > 0; d++)
            {
                known.Add(Interaction.Rate(id, others[rng.Next(others.Count)].Id, 1 + rng.Next(2)));
            }

            users.Add(new SimulatedUser(id, chosen.ToHashSet(), Shuffle(known, rng), likes.Take(heldCount).Select(t => t.Id).ToHashSet()));
        }

        return users;
    }

    /// <summary>The label a track counts as: its corpus genre, else its predicted top genre.</summary>
    public static string LabelOf(TrackFeatures t, IReadOnlyList<string> labels)
        => t.Genre ?? (t.TopGenre >= 0 ? labels[t.TopGenre] : "");

    private static int Pick(double[] weights, Random rng)
    {
        var x = rng.NextDouble() * weights.Sum();
        for (var i = 0; i < weights.Length; i++)
        {
            x -= weights[i];
            if (x < 0)
            {
                return i;
            }
        }

        return weights.Length - 1;
    }

    private static TrackFeatures Zipf(List<TrackFeatures> items, double s, Random rng)
        => items[Pick(Enumerable.Range(1, items.Count).Select(r => Math.Pow(r, -s)).ToArray(), rng)];

    private static List<T> Shuffle<T>(List<T> list, Random rng)
    {
        for (var i = list.Count - 1; i > 0; i--)
        {
            var j = rng.Next(i + 1);
            (list[i], list[j]) = (list[j], list[i]);
        }

        return list;
    }
}
