using Timbre.Audio.Wav;
using Timbre.Core.Audio;

namespace Timbre.Cli.Tests.Training;

/// <summary>
/// A corpus the tests write: 3 "genres" × 4 tracks × 4 s of 22.05 kHz mono WAV — low tone, high tone, noise bursts —
/// each with seeded noise, in the folder layout (genre/track.wav); plus one extra track per genre outside it.
/// Trains one small CRNN package through <c>timbre train</c> once for all tests in the class.
/// </summary>
public sealed class TinyCorpus : IDisposable
{
    public const int SampleRate = 22050;

    public static readonly string[] Genres = ["bursts", "high", "low"];

    public TinyCorpus()
    {
        Root = Path.Combine(Path.GetTempPath(), "timbre-train-tests-" + Guid.NewGuid().ToString("N")[..8]);
        Corpus = Path.Combine(Root, "corpus");
        Outside = Path.Combine(Root, "outside");
        Directory.CreateDirectory(Outside);
        var rng = new Random(5);
        foreach (string genre in Genres)
        {
            Directory.CreateDirectory(Path.Combine(Corpus, genre));
            for (int i = 0; i < 4; i++)
            {
                WavWriter.WriteFile(Path.Combine(Corpus, genre, $"{genre}.{i:D2}.wav"), new AudioBuffer(Track(genre, rng), SampleRate));
            }

            WavWriter.WriteFile(Path.Combine(Outside, $"{genre}-new.wav"), new AudioBuffer(Track(genre, rng), SampleRate));
        }

        Package = Path.Combine(Root, "models", "crnn");
        (TrainCode, TrainOut, TrainErr) = CliRunner.Run(
            "train", "--model", "crnn", "--data", Corpus, "--out", Package, "--epochs", "15", "--patience", "15", "--lr", "0.003", "--batch", "8", "--clip-seconds", "1",
            "--pool", "4", "--threads", "1", "--seed", "3", "--model-options", """{"filters":[8,8,8,8],"gruHidden":8}""");
    }

    public string Root { get; }

    public string Corpus { get; }

    public string Outside { get; }

    public string Package { get; }

    public int TrainCode { get; }

    public string TrainOut { get; }

    public string TrainErr { get; }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static float[] Track(string genre, Random rng)
    {
        var samples = new float[SampleRate * 4];
        double f = genre == "low" ? 180 + (rng.NextDouble() * 40) : 2500 + (rng.NextDouble() * 500);
        for (int n = 0; n < samples.Length; n++)
        {
            double noise = (rng.NextDouble() * 2) - 1;
            samples[n] = genre == "bursts"
                ? (float)(((n / 2205) % 2 == 0 ? 0.6 : 0.02) * noise)
                : (float)((0.5 * Math.Sin(2 * Math.PI * f * n / SampleRate)) + (0.05 * noise));
        }

        return samples;
    }
}
