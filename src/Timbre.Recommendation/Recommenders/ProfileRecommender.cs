using System.Buffers;
using System.Numerics.Tensors;
using Timbre.Recommendation.Domain;
using Timbre.Recommendation.Ranking;
using Timbre.Recommendation.Similarity;

namespace Timbre.Recommendation.Recommenders;

/// <summary>
/// 000's comprehensive profile: q(u) = Σ w_i c_i / Σ|w_i| over the user's songs (or the request's seeds),
/// candidates ranked by <see cref="MagnitudeAwareSimilarity.Z"/>(q, c). Best for single-category users.
/// </summary>
public sealed class ProfileRecommender : IRecommender, ICandidateScorer
{
    private readonly RecommendationContext _context;
    private readonly ProfileOptions _options;

    /// <summary>Creates the recommender over a snapshot.</summary>
    public ProfileRecommender(RecommendationContext context, ProfileOptions? options = null)
    {
        _context = context;
        _options = (options ?? ProfileOptions.Default).Validate();
    }

    /// <summary>Scores below this (Z or cosine in [0, 1]) are explained as weak matches.</summary>
    private const float WeakMatch = 0.5f;

    /// <inheritdoc />
    public string Name => "profile";

    /// <inheritdoc />
    public float[]? ScoreAll(RecommendationRequest request) => ScoreAll(request, out _, out _);

    /// <inheritdoc />
    public IReadOnlyList<RecommendedTrack> Recommend(RecommendationRequest request)
    {
        var seeds = SeedResolver.Resolve(_context, request);
        var q = GenreProfile.Of(_context.GenreLabels.Count, seeds);
        if (q is null || !seeds.Any(s => s.Weight > 0))
        {
            throw new RecommendationException("The profile method needs a user history or seed songs.");
        }

        var profile = GenreProfile.Describe(_context.GenreLabels, q);
        if (RecommendFromBlocks(request, seeds, q, profile) is { } fromBlocks)
        {
            return fromBlocks;
        }

        // One score per row in a pooled buffer: a request allocates nothing proportional to the catalog.
        var rented = ArrayPool<float>.Shared.Rent(_context.Tracks.Count);
        try
        {
            var scores = rented.AsSpan(0, _context.Tracks.Count);
            ScoreAgainst(_context, q, _options.MagnitudeAware, scores);
            // Once the tracks of the profile's genres run out, the list goes on with poor matches: say so, not "matches".
            return CandidateSelector.Select(_context, scores, request, seeds, r => Why(rented[r], profile));
        }
        finally
        {
            ArrayPool<float>.Shared.Return(rented);
        }
    }

    private static string Why(float score, string profile) => score >= WeakMatch
        ? $"matches your genre profile ({profile})"
        : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"weak match to your genre profile ({profile}): similarity {score:0.00}");

    /// <summary>
    /// The full scan's answer from the best-scoring rows only, for a catalog of at least
    /// <see cref="ProfileOptions.BlockSearchMinRows"/> tracks ranked by Z: a grouped table's best groups' rows, else the
    /// rows of the <see cref="GenreBlocks"/> that can reach the best scores. Null when that does not apply or the rows
    /// found do not settle the selection (the caller then scans every row).
    /// </summary>
    private IReadOnlyList<RecommendedTrack>? RecommendFromBlocks(RecommendationRequest request, IReadOnlyList<Seed> seeds, float[] q, string profile)
    {
        var table = _context.GenreRows;
        if (!_options.MagnitudeAware || _context.Tracks.Count < _options.BlockSearchMinRows)
        {
            return null;
        }

        var qNorm = TensorPrimitives.Norm(q);
        if (qNorm == 0 || table.Stride == 0)
        {
            return null;
        }

        int[] rows;
        float[] scores;
        if (table.GroupOfRow is not null)
        {
            // Few distinct rows (tag one-hots): score them as the scan does, then take the best rows group by group.
            var groupScores = new float[table.Norms.Length];
            ScoreAgainst(table with { GroupOfRow = null }, q, groupScores);
            (rows, scores) = table.BestOfGroups(groupScores, BestRowsFor(request, seeds));
        }
        else
        {
            var padded = new float[table.Stride];
            q.CopyTo(padded, 0);
            (rows, scores) = table.Blocks(_context.GenreLabels.Count).Best(padded, qNorm, BestRowsFor(request, seeds));
        }

        return CandidateSelector.SelectFromBest(_context, rows, scores, request, seeds, r => Why(scores[Array.BinarySearch(rows, r)], profile));
    }

    /// <summary>Rows to find: the selector's largest first pool, grown once, plus the rows it may block.</summary>
    private int BestRowsFor(RecommendationRequest request, IReadOnlyList<Seed> seeds)
        => (((request.Count * 10) + 50) * 4) + seeds.Count + request.Filters.ExcludeIds.Count
           + (request.Filters.ExcludeKnown && request.UserId is not null ? _context.WeightsOf(request.UserId).Count : 0);

    /// <summary>
    /// Scores every row by Z (or cosine) against the profile q. Z reads the rows' genre vectors and norms from the
    /// snapshot's contiguous copy (<see cref="RecommendationContext.GenreRows"/>), the same values
    /// <see cref="MagnitudeAwareSimilarity.Z"/> computes (to float rounding), without two norms per row.
    /// </summary>
    internal static float[] ScoreAgainst(RecommendationContext context, float[] q, bool magnitudeAware)
    {
        var scores = new float[context.Tracks.Count];
        ScoreAgainst(context, q, magnitudeAware, scores);
        return scores;
    }

    /// <summary>As <see cref="ScoreAgainst(RecommendationContext, float[], bool)"/> into <paramref name="scores"/> (one per row).</summary>
    internal static void ScoreAgainst(RecommendationContext context, float[] q, bool magnitudeAware, Span<float> scores)
    {
        if (!magnitudeAware)
        {
            for (var r = 0; r < scores.Length; r++)
            {
                scores[r] = TensorPrimitives.CosineSimilarity(q, context.Tracks[r].GenreProbabilities);
            }

            return;
        }

        // Z = cos · min(|q|, |c|) / max(|q|, |c|) = (q·c / (|q||c|)) · min / max = q·c / max(|q|, |c|)², since
        // |q||c| = min · max: one SIMD pass of dot products, then one division per row (a zero row scores 0 either way).
        ScoreAgainst(context.GenreRows, q, scores);
    }

    /// <summary>Z of every track row of <paramref name="table"/> against q, into <paramref name="scores"/>.</summary>
    internal static void ScoreAgainst(GenreRowTable table, float[] q, Span<float> scores)
    {
        var (matrix, norms, stride, groupOfRow) = table;
        var nq = TensorPrimitives.Norm(q);
        if (nq == 0 || stride == 0)
        {
            scores.Clear();
            return;
        }

        Span<float> padded = stackalloc float[stride];
        padded.Clear();
        q.CopyTo(padded);

        // A grouped table scores each distinct row once, then copies the scores to the rows of its group.
        var rentedGroups = groupOfRow is null ? null : ArrayPool<float>.Shared.Rent(norms.Length);
        var rented = ArrayPool<float>.Shared.Rent(norms.Length);
        try
        {
            var target = rentedGroups is null ? scores : rentedGroups.AsSpan(0, norms.Length);
            DotKernel.DotRows(matrix, padded, stride, target);
            var largest = rented.AsSpan(0, norms.Length);
            TensorPrimitives.Max(norms, nq, largest);
            TensorPrimitives.Multiply(largest, largest, largest);
            TensorPrimitives.Divide(target, largest, target);
            if (groupOfRow is not null)
            {
                for (var r = 0; r < scores.Length; r++)
                {
                    scores[r] = target[groupOfRow[r]];
                }
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(rented);
            if (rentedGroups is not null)
            {
                ArrayPool<float>.Shared.Return(rentedGroups);
            }
        }
    }

    private float[]? ScoreAll(RecommendationRequest request, out IReadOnlyList<Seed> seeds, out float[]? q)
    {
        seeds = SeedResolver.Resolve(_context, request);
        q = GenreProfile.Of(_context.GenreLabels.Count, seeds);
        return q is null || !seeds.Any(s => s.Weight > 0) ? null : ScoreAgainst(_context, q, _options.MagnitudeAware);
    }
}
