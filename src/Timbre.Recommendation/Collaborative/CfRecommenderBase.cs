using Timbre.Recommendation.Domain;
using Timbre.Recommendation.Ranking;
using Timbre.Recommendation.Recommenders;

namespace Timbre.Recommendation.Collaborative;

/// <summary>Shared plumbing of the CF recommenders: user lookup, selection and explanation.</summary>
public abstract class CfRecommenderBase : IRecommender, ICandidateScorer
{
    /// <summary>Sets up the matrix over a snapshot.</summary>
    protected CfRecommenderBase(RecommendationContext context)
    {
        Context = context;
        Matrix = new PreferenceMatrix(context);
    }

    /// <summary>The snapshot.</summary>
    protected RecommendationContext Context { get; }

    /// <summary>The user × track matrix.</summary>
    protected PreferenceMatrix Matrix { get; }

    /// <inheritdoc />
    public abstract string Name { get; }

    /// <inheritdoc />
    public float[]? ScoreAll(RecommendationRequest request)
    {
        var u = request.UserId is null ? -1 : Matrix.UserIndex(request.UserId);
        return u < 0 || Matrix.ByUser[u].Length == 0 ? null : ScoreUser(u);
    }

    /// <summary>Unknown users (cold start) get an empty list; use <see cref="HybridRecommender"/> to fall back to content.</summary>
    public IReadOnlyList<RecommendedTrack> Recommend(RecommendationRequest request)
    {
        var scores = ScoreAll(request);
        if (scores is null)
        {
            return [];
        }

        var seeds = SeedResolver.Resolve(Context, request with { SeedTrackIds = [], SeedTracks = [] });
        return CandidateSelector.Select(Context, scores, request, seeds, _ => Lead);
    }

    /// <summary>The method's first clause of every "why".</summary>
    protected abstract string Lead { get; }

    /// <summary>Scores of every row for user index <paramref name="u"/>; NaN where nothing is known.</summary>
    protected abstract float[] ScoreUser(int u);
}
