using Timbre.Recommendation.Collaborative;
using Timbre.Recommendation.Domain;

namespace Timbre.Recommendation.Recommenders;

/// <summary>One recommendation method as the front-ends and the evaluation know it.</summary>
/// <param name="Name">Canonical name (the recommender's <see cref="IRecommender.Name"/>).</param>
/// <param name="Aliases">Other spellings accepted on the command line and the web API (lower case).</param>
/// <param name="NeedsGenres">True when it needs genre probabilities or labels (refused on a snapshot without them).</param>
/// <param name="Create">Builds it with default options over a snapshot.</param>
/// <param name="Collaborative">
/// True when building it learns from every user's interactions (a model worth keeping): a live snapshot rebuilds it in
/// the background instead of on the first request after a like.
/// </param>
public sealed record MethodEntry(string Name, IReadOnlyList<string> Aliases, bool NeedsGenres, Func<RecommendationContext, IRecommender> Create, bool Collaborative = false);

/// <summary>
/// Every recommendation method, registered once: the CLI (<c>--method</c>), the web API (its method enums name
/// entries here) and the offline evaluation all read this list. A new recommender is added here and nowhere else.
/// </summary>
public static class MethodRegistry
{
    /// <summary>The methods in table order.</summary>
    public static IReadOnlyList<MethodEntry> Entries { get; } =
    [
        new("m1", [], false, c => new SimilarSongsRecommender(c)),
        new("m2", [], true, c => new GenreAwareRecommender(c)),
        new("profile", [], true, c => new ProfileRecommender(c)),
        new("multi", [], true, c => new MulticategoryRecommender(c)),
        new("user-knn", ["usercf", "cf", "userknn"], false, c => new UserKnnRecommender(c), true),
        new("item-knn", ["itemcf", "itemknn"], false, c => new ItemKnnRecommender(c), true),
        new("als", [], false, c => new AlsRecommender(c), true),
        new("hybrid", [], true, c => new HybridRecommender(c, new GenreAwareRecommender(c), new UserKnnRecommender(c)), true),
        new("popular", [], false, c => new PopularityRecommender(c), true),
        new("random", [], false, c => new RandomRecommender(c)),
    ];

    /// <summary>Canonical method names in table order.</summary>
    public static IReadOnlyList<string> Names { get; } = Entries.Select(e => e.Name).ToArray();

    /// <summary>"m1|m2|…" with the command-line spellings (usercf, itemcf) in place of the canonical CF names.</summary>
    public static string Help { get; } = string.Join("|", Entries.Select(e => e.Aliases.Count > 0 ? e.Aliases[0] : e.Name));

    /// <summary>The entry of a name or alias (case-insensitive, trimmed), or null.</summary>
    public static MethodEntry? Find(string nameOrAlias)
    {
        ArgumentNullException.ThrowIfNull(nameOrAlias);
        var key = nameOrAlias.Trim().ToLowerInvariant();
        return Entries.FirstOrDefault(e => e.Name == key || e.Aliases.Contains(key));
    }

    /// <summary>The entry of a name or alias; throws <see cref="RecommendationException"/> for an unknown one.</summary>
    public static MethodEntry Get(string nameOrAlias)
        => Find(nameOrAlias) ?? throw new RecommendationException($"Unknown method '{nameOrAlias}'; use one of {Help}.");

    /// <summary>Builds one method by name or alias over a snapshot ("hybrid" = m2 content + user-kNN CF).</summary>
    public static IRecommender Create(string nameOrAlias, RecommendationContext context) => Get(nameOrAlias).Create(context);

    /// <summary>All methods over a snapshot, in table order.</summary>
    public static IReadOnlyList<IRecommender> All(RecommendationContext context) => Entries.Select(e => e.Create(context)).ToList();
}
