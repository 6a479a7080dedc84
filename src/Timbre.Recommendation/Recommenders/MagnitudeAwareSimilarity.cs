using System.Numerics.Tensors;

namespace Timbre.Recommendation.Recommenders;

/// <summary>
/// 000's modified similarity Z(A, P) = cos(A, P) · min(|A|, |P|) / max(|A|, |P|). Cosine alone ignores length;
/// for class-probability vectors length measures how peaked (confident, single-genre) a vector is — a flat
/// "could be anything" track has |P| ≈ 1/√G, a clear one |P| ≈ 1 — and for a profile how focused the user is.
/// The ratio term lowers the score of candidates whose peakedness differs from the profile's, so a focused
/// profile prefers clear genre exemplars and a broad profile prefers broad tracks. Z ∈ [-1, 1]; 0 for a zero vector.
/// </summary>
public static class MagnitudeAwareSimilarity
{
    /// <summary>Z(a, b).</summary>
    public static float Z(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        var na = TensorPrimitives.Norm(a);
        var nb = TensorPrimitives.Norm(b);
        if (na == 0 || nb == 0)
        {
            return 0f;
        }

        var cos = TensorPrimitives.Dot(a, b) / (na * nb);
        return cos * Math.Min(na, nb) / Math.Max(na, nb);
    }
}
