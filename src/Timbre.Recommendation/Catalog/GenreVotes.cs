using Timbre.Recommendation.Similarity;

namespace Timbre.Recommendation.Catalog;

/// <summary>Genre probabilities from labels: one-hot vectors and the leave-one-out k-NN neighbour vote.</summary>
internal static class GenreVotes
{
    /// <summary>Additive smoothing of a vote (per label), so no label gets exactly zero.</summary>
    public const float Smoothing = 1e-3f;

    /// <summary>One-hot vector of a label index.</summary>
    public static float[] OneHot(int label, int count)
    {
        var p = new float[count];
        p[label] = 1f;
        return p;
    }

    /// <summary>
    /// Similarity-weighted vote of the k nearest labelled rows to <paramref name="query"/> (rows whose id is in
    /// <paramref name="exclude"/> skipped): w = max(similarity, 0) + 1e-6, p = normalised (Σ w per label + smoothing).
    /// Uniform when no labelled neighbour exists.
    /// </summary>
    public static float[] Vote(ISimilarityIndex index, ReadOnlySpan<float> query, int[] labelOfRow, int labelCount, int k, IReadOnlySet<long>? exclude)
    {
        var p = new float[labelCount];
        Array.Fill(p, Smoothing);
        var hits = index.Search(query, k + (exclude?.Count ?? 0) + CountUnlabelled(labelOfRow, k), exclude);
        var used = 0;
        foreach (var h in hits)
        {
            var label = labelOfRow[h.Row];
            if (label < 0)
            {
                continue;
            }

            p[label] += Math.Max(h.Score, 0f) + 1e-6f;
            if (++used == k)
            {
                break;
            }
        }

        var sum = p.Sum();
        for (var i = 0; i < p.Length; i++)
        {
            p[i] /= sum;
        }

        return p;
    }

    private static int CountUnlabelled(int[] labelOfRow, int cap)
    {
        var n = 0;
        foreach (var l in labelOfRow)
        {
            if (l < 0 && ++n >= 4 * cap)
            {
                return labelOfRow.Length; // many unlabelled rows: search everything
            }
        }

        return n;
    }
}
