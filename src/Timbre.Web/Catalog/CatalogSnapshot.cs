using System.Collections.Concurrent;
using Timbre.Core.Catalog;
using Timbre.Recommendation.Domain;
using Timbre.Recommendation.Evaluation;
using Timbre.Recommendation.Recommenders;

namespace Timbre.Web.Catalog;

/// <summary>
/// An immutable view of the catalog for one model and feature version: present tracks, their analyses, the
/// recommendation context over them and the recommenders built on it (created on first use, then reused).
/// </summary>
internal sealed class CatalogSnapshot
{
    private readonly ConcurrentDictionary<string, Lazy<IRecommender>> _recommenders = new(StringComparer.Ordinal);

    public CatalogSnapshot(IReadOnlyDictionary<long, TrackRecord> tracks, IReadOnlyDictionary<long, AnalysisRecord> analyses, RecommendationContext context)
    {
        Tracks = tracks;
        Analyses = analyses;
        Context = context;
    }

    public IReadOnlyDictionary<long, TrackRecord> Tracks { get; }

    public IReadOnlyDictionary<long, AnalysisRecord> Analyses { get; }

    public RecommendationContext Context { get; }

    public string? TopGenre(long trackId) => Analyses.TryGetValue(trackId, out var a) ? a.TopGenre : null;

    /// <summary>A recommender by its standard name (m1, m2, profile, multi, user-knn, item-knn, als, hybrid).</summary>
    public IRecommender Recommender(string name) =>
        _recommenders.GetOrAdd(name, n => new Lazy<IRecommender>(() => StandardMethods.Create(n, Context))).Value;

    /// <summary>The same tracks with other interactions (recommenders are rebuilt on demand).</summary>
    public CatalogSnapshot WithInteractions(IReadOnlyList<Interaction> interactions) =>
        new(Tracks, Analyses, Context.WithInteractions(interactions));

    /// <summary>Catalog track → what the recommenders see.</summary>
    public static TrackFeatures Features(TrackRecord track, AnalysisRecord analysis, string versionKey) =>
        new(
            track.Id,
            TrackText.Title(track),
            track.Artist ?? "",
            track.Album ?? "",
            track.Path,
            track.DurationSeconds,
            analysis.GenreProbabilities,
            analysis.Embedding)
        {
            FeatureVersion = versionKey,
            Genre = track.GenreTag,
        };
}

/// <summary>Display text for tracks without tags.</summary>
internal static class TrackText
{
    public static string Title(TrackRecord track) =>
        string.IsNullOrWhiteSpace(track.Title) ? Path.GetFileNameWithoutExtension(track.Path) : track.Title;
}
