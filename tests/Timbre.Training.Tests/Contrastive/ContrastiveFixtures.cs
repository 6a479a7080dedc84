using Timbre.Inference.Features;
using Timbre.Training.Contrastive;

namespace Timbre.Training.Tests.Contrastive;

/// <summary>Small seeded libraries for the contrastive tests.</summary>
internal static class ContrastiveFixtures
{
    /// <summary>The package's representation: 3-s log-mel clips pooled by 2 (64 × 65).</summary>
    public static Representation Representation { get; } = Representation.For(ContrastiveTrainer.Kind, 3.0, 2);

    /// <summary>A tiny encoder so tests take seconds.</summary>
    public static System.Text.Json.JsonElement TinyModel { get; } =
        System.Text.Json.JsonSerializer.SerializeToElement(new { filters = new[] { 8, 16, 16, 16 }, projectionHidden = 32, projectionSize = 16 });

    /// <summary><paramref name="count"/> tracks of tones with noise, each with its own pitch, <paramref name="seconds"/> long.</summary>
    public static TrackSpectrograms Tones(int count, double seconds, int seed)
    {
        var rng = new Random(seed);
        int rate = Representation.Spec.SampleRate;
        var samples = new List<float[]>();
        for (int t = 0; t < count; t++)
        {
            double hz = 220 * Math.Pow(2, t / 3.0);
            var x = new float[(int)(seconds * rate)];
            for (int i = 0; i < x.Length; i++)
            {
                x[i] = (float)((0.5 * Math.Sin(2 * Math.PI * hz * i / rate) * (1 + Math.Sin(2 * Math.PI * i / rate))) + (0.05 * ((rng.NextDouble() * 2) - 1)));
            }

            samples.Add(x);
        }

        return TrackSpectrograms.FromSamples(samples.Select((_, i) => $"tone{i}").ToArray(), samples, Representation);
    }
}
