using Timbre.Recommendation.Domain;

namespace Timbre.Recommendation.Recommenders;

/// <summary>
/// The profile method's scan over a set of genre vectors held outside a snapshot (a shard of the cluster's index):
/// <see cref="Z"/> gives every row the score <see cref="ProfileRecommender"/> gives it, bit for bit (the same table and
/// kernel, which scores a row the same wherever it lies).
/// </summary>
public sealed class GenreRowScorer
{
    private readonly GenreRowTable _table;

    private GenreRowScorer(GenreRowTable table, int rows)
    {
        _table = table;
        Rows = rows;
    }

    /// <summary>Rows held.</summary>
    public int Rows { get; }

    /// <summary>The scorer of <paramref name="vectors"/> (one genre vector of <paramref name="genres"/> values per row).</summary>
    public static GenreRowScorer Of(IReadOnlyList<float[]> vectors, int genres)
    {
        ArgumentNullException.ThrowIfNull(vectors);
        var tracks = vectors.Select(v => new TrackFeatures(0, "", "", "", "", 0, v, [])).ToList();
        return new GenreRowScorer(GenreRowTable.Of(tracks, genres), vectors.Count);
    }

    /// <summary>The magnitude-aware Z of every row against the profile <paramref name="q"/>, into <paramref name="scores"/> (one per row).</summary>
    public void Z(float[] q, Span<float> scores)
    {
        ArgumentNullException.ThrowIfNull(q);
        ArgumentOutOfRangeException.ThrowIfNotEqual(scores.Length, Rows, nameof(scores));
        ProfileRecommender.ScoreAgainst(_table, q, scores);
    }
}
