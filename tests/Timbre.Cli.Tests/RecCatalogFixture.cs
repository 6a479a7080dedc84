using Timbre.Audio.Wav;
using Timbre.Core.Audio;

namespace Timbre.Cli.Tests;

/// <summary>
/// A small library (3 genre folders × 6 one-second WAVs: tones per genre plus noise) scanned once into a catalog
/// with the real <c>timbre scan</c> (summary analyzer). Tests that write (users) copy the catalog first.
/// </summary>
public sealed class RecCatalogFixture : ScannedCatalogFixture
{
    public static readonly string[] Genres = ["bass", "mid", "treble"];

    public RecCatalogFixture()
        : base("timbre-reccli-")
    {
        var rng = new Random(5);
        for (var g = 0; g < Genres.Length; g++)
        {
            var folder = Directory.CreateDirectory(Path.Combine(Library, Genres[g])).FullName;
            for (var i = 0; i < 6; i++)
            {
                var hz = (110.0 * Math.Pow(4, g)) * (1 + (0.05 * i));
                WavWriter.WriteFile(Path.Combine(folder, $"{Genres[g]}{i}.wav"), Tone(hz, 22050, rng));
            }
        }

        Outside = Path.Combine(Dir, "outside.wav");
        WavWriter.WriteFile(Outside, Tone(1800, 22050, rng));
        Run("scan", Library, "--catalog", Catalog, "--workers", "2");
    }

    /// <summary>A WAV outside the library (a treble-like tone).</summary>
    public string Outside { get; }

    public string Track(string genre, int i) => Path.Combine(Library, genre, $"{genre}{i}.wav");

    private static AudioBuffer Tone(double hz, int rate, Random rng)
    {
        var s = new float[rate];
        for (var i = 0; i < s.Length; i++)
        {
            s[i] = (0.3f * (float)Math.Sin(2 * Math.PI * hz * i / rate)) + (0.15f * (float)Math.Sin(4 * Math.PI * hz * i / rate)) + (0.02f * (float)((rng.NextDouble() * 2) - 1));
        }

        return new AudioBuffer(s, rate);
    }
}
