using System.Globalization;
using Timbre.Recommendation.Domain;
using Timbre.Recommendation.Similarity;
using Timbre.Recommendation.Space;

namespace Timbre.Recommendation.Ranking;

/// <summary>
/// Builds the readable "why" of a recommendation: the liked/seed song it is closest to, and the properties they
/// share (top genre, tempo within 6 %, timbre statistics within 10 %); when the embedding has named blocks (a fitted
/// embedding space), the block that contributed most to their similarity ("close in rhythm").
/// </summary>
public static class Explainer
{
    /// <summary>Explains <paramref name="row"/> against the positive seeds, after an optional method-specific lead.</summary>
    public static (string Why, long? SeedId) Explain(RecommendationContext context, int row, IReadOnlyList<Seed> seeds, string? lead = null)
    {
        var parts = new List<string>();
        if (!string.IsNullOrEmpty(lead))
        {
            parts.Add(lead);
        }

        var track = context.Tracks[row];
        var vector = context.Index.VectorAt(row);
        Seed? best = null;
        var bestCos = float.NegativeInfinity;
        foreach (var seed in seeds)
        {
            if (seed.Weight <= 0)
            {
                continue;
            }

            var cos = VectorMath.Cosine(seed.Unit, vector);
            if (cos > bestCos)
            {
                bestCos = cos;
                best = seed;
            }
        }

        if (best is not null)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"close to {Describe(best.Track)} (cosine {bestCos:0.00})"));
            if (DominantBlock(context.Blocks, best.Unit, vector) is { } block && bestCos > 0)
            {
                parts.Add(string.Create(CultureInfo.InvariantCulture, $"close in {EmbeddingBlocks.Describe(block.Name)} ({100 * block.Share:0}% of the similarity)"));
            }

            parts.AddRange(SharedProperties(context, track, best.Track));
        }
        else
        {
            var g = context.TopGenreOf(row);
            if (g >= 0)
            {
                parts.Add($"genre {context.GenreLabels[g]}");
            }
        }

        return (string.Join("; ", parts), best?.Track.Id);
    }

    /// <summary>
    /// The block whose dimensions contribute most to the dot product of two unit vectors (the cosine), and its share
    /// of the whole; null without blocks, or with fewer than two.
    /// </summary>
    public static (string Name, double Share)? DominantBlock(IReadOnlyList<OutputBlock> blocks, ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        ArgumentNullException.ThrowIfNull(blocks);
        if (blocks.Count < 2 || a.Length != b.Length)
        {
            return null;
        }

        var total = 0.0;
        var best = (Name: "", Sum: double.NegativeInfinity);
        foreach (var block in blocks)
        {
            if (block.Start + block.Length > a.Length)
            {
                return null;
            }

            double sum = System.Numerics.Tensors.TensorPrimitives.Dot(a.Slice(block.Start, block.Length), b.Slice(block.Start, block.Length));
            total += sum;
            if (sum > best.Sum)
            {
                best = (block.Name, sum);
            }
        }

        return (best.Name, total > 0 ? Math.Clamp(best.Sum / total, 0, 1) : 0);
    }

    /// <summary>"'Title' by Artist", or the file name when untagged.</summary>
    public static string Describe(TrackFeatures t)
    {
        var title = string.IsNullOrWhiteSpace(t.Title) ? System.IO.Path.GetFileName(t.Path) : t.Title;
        return string.IsNullOrWhiteSpace(t.Artist) ? $"'{title}'" : $"'{title}' by {t.Artist}";
    }

    private static IEnumerable<string> SharedProperties(RecommendationContext context, TrackFeatures a, TrackFeatures b)
    {
        var ga = a.TopGenre;
        if (ga >= 0 && ga == b.TopGenre)
        {
            yield return $"same top genre {context.GenreLabels[ga]}";
        }

        if (a.Tempo is { } ta && b.Tempo is { } tb && ta > 0 && tb > 0 && Math.Abs(ta - tb) <= 0.06f * Math.Max(ta, tb))
        {
            yield return string.Create(CultureInfo.InvariantCulture, $"similar tempo ({ta:0} vs {tb:0} BPM)");
        }

        var close = a.Stats
            .Where(kv => b.Stats.TryGetValue(kv.Key, out var v) && RelativelyClose(kv.Value, v))
            .Select(kv => kv.Key)
            .OrderBy(k => k, StringComparer.Ordinal)
            .Take(3)
            .ToList();
        if (close.Count > 0)
        {
            yield return "similar " + string.Join(", ", close);
        }
    }

    private static bool RelativelyClose(float x, float y)
        => Math.Abs(x - y) <= 0.10f * Math.Max(Math.Abs(x), Math.Abs(y)) + 1e-9f;
}
