using System.Numerics.Tensors;

namespace Timbre.Recommendation.Similarity;

/// <summary>Small SIMD vector helpers shared by the index and the recommenders.</summary>
public static class VectorMath
{
    /// <summary>Returns an L2-normalised copy; a zero vector stays zero.</summary>
    public static float[] Normalized(ReadOnlySpan<float> v)
    {
        var result = v.ToArray();
        NormalizeInPlace(result);
        return result;
    }

    /// <summary>L2-normalises in place; a zero vector stays zero.</summary>
    public static void NormalizeInPlace(Span<float> v)
    {
        var norm = TensorPrimitives.Norm(v);
        if (norm > 0 && float.IsFinite(norm))
        {
            TensorPrimitives.Divide(v, norm, v);
        }
    }

    /// <summary>Cosine similarity; 0 when either vector is zero.</summary>
    public static float Cosine(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        var na = TensorPrimitives.Norm(a);
        var nb = TensorPrimitives.Norm(b);
        return na > 0 && nb > 0 ? TensorPrimitives.Dot(a, b) / (na * nb) : 0f;
    }

    /// <summary>Similarity under <paramref name="metric"/> (higher is closer).</summary>
    public static float Score(SimilarityMetric metric, double p, ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        return metric switch
        {
            SimilarityMetric.Cosine => TensorPrimitives.Dot(a, b),
            SimilarityMetric.Euclidean => -TensorPrimitives.Distance(a, b),
            _ => -Minkowski(a, b, p),
        };
    }

    /// <summary>Minkowski (p-norm) distance (Σ|a−b|^p)^(1/p).</summary>
    public static float Minkowski(ReadOnlySpan<float> a, ReadOnlySpan<float> b, double p)
    {
        double sum = 0;
        for (var i = 0; i < a.Length; i++)
        {
            sum += Math.Pow(Math.Abs(a[i] - b[i]), p);
        }

        return (float)Math.Pow(sum, 1.0 / p);
    }
}
