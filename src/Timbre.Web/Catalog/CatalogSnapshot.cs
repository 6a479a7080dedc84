using System.Collections.Concurrent;
using Timbre.Core.Catalog;
using Timbre.Recommendation.Domain;
using Timbre.Recommendation.Evaluation;
using Timbre.Recommendation.Recommenders;
using Timbre.Recommendation.Space;

namespace Timbre.Web.Catalog;

/// <summary>
/// An immutable view of the catalog for one model and feature version: present tracks, their analyses, the
/// recommendation context over them and the recommenders built on it (created on first use, then reused).
/// </summary>
internal sealed class CatalogSnapshot
{
    private readonly ConcurrentDictionary<string, Lazy<IRecommender>> _recommenders = new(StringComparer.Ordinal);

    public CatalogSnapshot(IReadOnlyDictionary<long, TrackRecord> tracks, IReadOnlyDictionary<long, AnalysisRecord> analyses, RecommendationContext context, EmbeddingSpace? space = null)
    {
        Space = space;
        Tracks = tracks;
        Analyses = analyses;
        Context = context;
    }

    public IReadOnlyDictionary<long, TrackRecord> Tracks { get; }

    public IReadOnlyDictionary<long, AnalysisRecord> Analyses { get; }

    public RecommendationContext Context { get; }

    /// <summary>The fitted embedding space applied to the analyses (and to uploads), or null for raw embeddings.</summary>
    public EmbeddingSpace? Space { get; }

    /// <summary>An analysis' embedding as the context holds it: transformed by <see cref="Space"/> when there is one.</summary>
    public float[] EmbeddingOf(AnalysisRecord analysis) => Space is null ? analysis.Embedding : Space.Transform([analysis.Embedding]);

    public string? TopGenre(long trackId) => Analyses.TryGetValue(trackId, out var a) ? a.TopGenre : null;

    /// <summary>A recommender by its standard name (m1, m2, profile, multi, user-knn, item-knn, als, hybrid).</summary>
    public IRecommender Recommender(string name) =>
        _recommenders.GetOrAdd(name, n => new Lazy<IRecommender>(() => StandardMethods.Create(n, Context))).Value;

    /// <summary>The same tracks with other interactions (recommenders are rebuilt on demand).</summary>
    public CatalogSnapshot WithInteractions(IReadOnlyList<Interaction> interactions) =>
        new(Tracks, Analyses, Context.WithInteractions(interactions), Space);

    /// <summary>Catalog track → what the recommenders see.</summary>
    public static TrackFeatures Features(TrackRecord track, AnalysisRecord analysis, string versionKey, EmbeddingSpace? space = null) =>
        new(
            track.Id,
            TrackText.Title(track),
            track.Artist ?? "",
            track.Album ?? "",
            track.Path,
            track.DurationSeconds,
            analysis.GenreProbabilities,
            space is null ? analysis.Embedding : space.Transform([analysis.Embedding]))
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
