using System.Globalization;
using Timbre.Recommendation.Ranking;

namespace Timbre.Recommendation.Recommenders;

/// <summary>000's user preference vector over class probabilities.</summary>
public static class GenreProfile
{
    /// <summary>
    /// q = Σ w_i·c_i / Σ|w_i| over the seeds (c_i = genre probabilities, w_i = preference weight). With only
    /// positive weights this is 000's Σ w_i c_i / Σ w_i; the absolute value keeps the scale when dislikes
    /// (negative w) push the profile away from their genres. Null when all weights are zero.
    /// </summary>
    public static float[]? Of(int genres, IEnumerable<Seed> seeds)
    {
        var q = new float[genres];
        double total = 0;
        foreach (var s in seeds)
        {
            var c = s.Track.GenreProbabilities;
            for (var g = 0; g < genres; g++)
            {
                q[g] += s.Weight * c[g];
            }

            total += Math.Abs(s.Weight);
        }

        if (total == 0)
        {
            return null;
        }

        for (var g = 0; g < genres; g++)
        {
            q[g] = (float)(q[g] / total);
        }

        return q;
    }

    /// <summary>"rock 62 %, jazz 21 %": the profile's largest positive components.</summary>
    public static string Describe(IReadOnlyList<string> labels, float[] q, int top = 3)
    {
        var parts = Enumerable.Range(0, q.Length)
            .Where(g => q[g] > 0.05f)
            .OrderByDescending(g => q[g])
            .Take(top)
            .Select(g => string.Create(CultureInfo.InvariantCulture, $"{labels[g]} {q[g]:P0}"));
        return string.Join(", ", parts);
    }
}
