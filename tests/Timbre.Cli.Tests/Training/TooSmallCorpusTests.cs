using Timbre.Audio.Wav;
using Timbre.Core.Audio;

namespace Timbre.Cli.Tests.Training;

/// <summary><c>timbre train</c> on a corpus too small for a test split: one clear error line, exit 1, no package.</summary>
[Collection("Console")]
public sealed class TooSmallCorpusTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("timbre-small-corpus-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Train_OnOneTrackPerGenre_NamesTheFolderTheCountsAndTheMinimum()
    {
        string corpus = Path.Combine(_dir, "corpus");
        var rng = new Random(2);
        foreach (string genre in new[] { "high", "low" })
        {
            Directory.CreateDirectory(Path.Combine(corpus, genre));
            var samples = new float[22050 * 2];
            for (int n = 0; n < samples.Length; n++)
            {
                samples[n] = (float)(rng.NextDouble() - 0.5);
            }

            WavWriter.WriteFile(Path.Combine(corpus, genre, $"{genre}.00.wav"), new AudioBuffer(samples, 22050));
        }

        string package = Path.Combine(_dir, "model");
        var (code, _, error) = CliRunner.Run("train", "--model", "logreg", "--data", corpus, "--out", package);
        Assert.Equal(1, code);
        Assert.Single(error.Trim().Split('\n'));
        Assert.Contains(corpus, error, StringComparison.Ordinal);
        Assert.Contains("test set would be empty", error, StringComparison.Ordinal);
        Assert.Contains("high 1, low 1", error, StringComparison.Ordinal);
        Assert.Contains("at least one genre needs 4", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(package));
    }
}
