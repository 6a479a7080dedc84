using Timbre.Recommendation.Domain;

namespace Timbre.Experiments.Simulation;

/// <summary>
/// A catalog of Gaussian genre clusters for tests, demos and the offline evaluation without audio: each genre
/// has a random centre, each track = centre + N(0, Spread²) noise, genre probabilities = softmax(−‖x − centre_g‖² / T),
/// true genre label set, tempo around a per-genre tempo, and a "brightness" statistic.
/// </summary>
public static class SyntheticCatalog
{
    /// <summary>Genre labels "genre0", "genre1", ….</summary>
    public static IReadOnlyList<string> Labels(int genres) => Enumerable.Range(0, genres).Select(g => $"genre{g}").ToArray();

    /// <summary>Generates the tracks (ids 1..N, genre-major order).</summary>
    public static IReadOnlyList<TrackFeatures> Tracks(SyntheticCatalogOptions? options = null)
    {
        var o = (options ?? SyntheticCatalogOptions.Default).Validate();
        var rng = new Random(o.Seed);
        var centres = Enumerable.Range(0, o.Genres).Select(_ => Enumerable.Range(0, o.Dimension).Select(_ => Gaussian(rng)).ToArray()).ToArray();
        var labels = Labels(o.Genres);
        var tracks = new List<TrackFeatures>();
        long id = 1;
        for (var g = 0; g < o.Genres; g++)
        {
            var genreTempo = 70 + (rng.NextDouble() * 90);
            for (var t = 0; t < o.TracksPerGenre; t++, id++)
            {
                var x = centres[g].Select(c => (float)(c + (o.Spread * Gaussian(rng)))).ToArray();
                var logits = centres.Select(c => -SquaredDistance(x, c) / o.Temperature).ToArray();
                var max = logits.Max();
                var exp = logits.Select(l => Math.Exp(l - max)).ToArray();
                var sum = exp.Sum();
                tracks.Add(new TrackFeatures(
                    id,
                    $"Song {id}",
                    $"Artist {g}-{t / o.TracksPerArtist}",
                    $"Album {g}",
                    $"/synthetic/{labels[g]}/{id}.wav",
                    180 + rng.Next(120),
                    exp.Select(e => (float)(e / sum)).ToArray(),
                    x)
                {
                    FeatureVersion = o.FeatureVersion,
                    Genre = labels[g],
                    Tempo = (float)(genreTempo + (rng.NextDouble() * 10) - 5),
                    Stats = new Dictionary<string, float> { ["brightness"] = (float)(1000 + (g * 150) + (rng.NextDouble() * 60)) },
                });
            }
        }

        return tracks;
    }

    /// <summary>A snapshot of the generated tracks with the given interactions.</summary>
    public static RecommendationContext Context(IReadOnlyList<Interaction> interactions, SyntheticCatalogOptions? options = null)
    {
        var o = (options ?? SyntheticCatalogOptions.Default).Validate();
        return new RecommendationContext(o.FeatureVersion, Labels(o.Genres), Tracks(o), interactions);
    }

    private static double SquaredDistance(float[] a, double[] b)
    {
        double s = 0;
        for (var i = 0; i < a.Length; i++)
        {
            s += (a[i] - b[i]) * (a[i] - b[i]);
        }

        return s;
    }

    private static double Gaussian(Random rng)
        => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
}
