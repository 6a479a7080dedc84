using Timbre.Recommendation.Domain;
using Timbre.Recommendation.Similarity;

namespace Timbre.Recommendation.Ranking;

/// <summary>Turns a request into seeds: its seed songs, or else the user's history (likes and dislikes).</summary>
public static class SeedResolver
{
    /// <summary>
    /// The request's seed songs (weight 1) when it has any, otherwise the user's history with folded weights.
    /// Unknown ids throw <see cref="RecommendationException"/>; outside tracks of another feature version throw
    /// <see cref="FeatureVersionMismatchException"/>.
    /// </summary>
    public static IReadOnlyList<Seed> Resolve(RecommendationContext context, RecommendationRequest request)
    {
        var seeds = new List<Seed>();
        if (request.HasSeeds)
        {
            foreach (var id in request.SeedTrackIds)
            {
                var row = context.RowOf(id);
                if (row < 0)
                {
                    throw new RecommendationException($"Seed track {id} is not in the catalog snapshot (version '{context.FeatureVersion}').");
                }

                seeds.Add(FromRow(context, row, 1f));
            }

            foreach (var track in request.SeedTracks)
            {
                context.EnsureVersion(track, $"Seed '{track.Path}'");
                if (track.Embedding.Length != context.Index.Dimension)
                {
                    throw new FeatureVersionMismatchException(context.FeatureVersion, $"{track.FeatureVersion} (dimension {track.Embedding.Length})", $"Seed '{track.Path}'");
                }

                seeds.Add(new Seed(-1, track, VectorMath.Normalized(track.Embedding), 1f));
            }

            return seeds;
        }

        if (request.UserId is not null)
        {
            foreach (var (row, weight) in context.WeightsOf(request.UserId).OrderBy(p => p.Key))
            {
                if (weight != 0)
                {
                    seeds.Add(FromRow(context, row, weight));
                }
            }
        }

        return seeds;
    }

    /// <summary>A seed for a catalog row.</summary>
    public static Seed FromRow(RecommendationContext context, int row, float weight)
        => new(row, context.Tracks[row], context.Index.VectorAt(row).ToArray(), weight);
}
