using Timbre.Recommendation.Collaborative;
using Timbre.Recommendation.Domain;
using Timbre.Recommendation.Recommenders;

namespace Timbre.Recommendation.Evaluation;

/// <summary>Every method with default options, for the evaluation harness and the CLI.</summary>
public static class StandardMethods
{
    /// <summary>Method names in table order.</summary>
    public static IReadOnlyList<string> Names { get; } = ["m1", "m2", "profile", "multi", "user-knn", "item-knn", "als", "hybrid", "popular", "random"];

    /// <summary>Builds one method by name over a snapshot ("hybrid" = m2 content + user-kNN CF).</summary>
    public static IRecommender Create(string name, RecommendationContext context) => name switch
    {
        "m1" => new SimilarSongsRecommender(context),
        "m2" => new GenreAwareRecommender(context),
        "profile" => new ProfileRecommender(context),
        "multi" => new MulticategoryRecommender(context),
        "user-knn" => new UserKnnRecommender(context),
        "item-knn" => new ItemKnnRecommender(context),
        "als" => new AlsRecommender(context),
        "hybrid" => new HybridRecommender(context, new GenreAwareRecommender(context), new UserKnnRecommender(context)),
        "popular" => new PopularityRecommender(context),
        "random" => new RandomRecommender(context),
        _ => throw new RecommendationException($"Unknown method '{name}'; known: {string.Join(", ", Names)}."),
    };

    /// <summary>All methods over a snapshot.</summary>
    public static IReadOnlyList<IRecommender> All(RecommendationContext context) => Names.Select(n => Create(n, context)).ToList();
}
