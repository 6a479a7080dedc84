using Timbre.Experiments.Simulation;
using Timbre.Recommendation.Domain;

namespace Timbre.Recommendation.Tests;

/// <summary>Shared small synthetic catalogs.</summary>
internal static class Fixtures
{
    public static SyntheticCatalogOptions Small { get; } = new() { Genres = 5, TracksPerGenre = 20, Dimension = 16, Seed = 3, Spread = 0.6, Temperature = 4 };

    public static RecommendationContext Context(params Interaction[] interactions) => SyntheticCatalog.Context(interactions, Small);

    /// <summary>Track ids of genre g in the small catalog (genre-major, ids from 1).</summary>
    public static IEnumerable<long> GenreIds(int g) => Enumerable.Range(1 + (g * Small.TracksPerGenre), Small.TracksPerGenre).Select(i => (long)i);

    public static TrackFeatures Track(long id, float[] embedding, float[] genres, string version = "v1", string title = "", string artist = "")
        => new(id, title, artist, "", $"/x/{id}.wav", 60, genres, embedding) { FeatureVersion = version };
}
