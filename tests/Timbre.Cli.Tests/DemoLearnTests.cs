using Timbre.Audio.Wav;
using Timbre.Inference.Packaging;
using Timbre.Storage;

namespace Timbre.Cli.Tests;

/// <summary>
/// <c>timbre demo --library DIR --learn-minutes M</c>: the contrastive encoder is trained on the library within the
/// budget, written as a package, scanned and fused with the summary features in the stored space; a re-run reuses it.
/// </summary>
[Collection("Console")]
public sealed class DemoLearnTests : IDisposable
{
    private const double Budget = 0.25; // minutes, decoding included

    private readonly string _dir = Directory.CreateTempSubdirectory("timbre-demolearn-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    [Trait("Category", "Slow")]
    [Fact]
    public void AnExplicitBudget_TrainsWithinIt_AndTheScanFusesThePackage()
    {
        string lib = Library();
        string output = Path.Combine(_dir, "out");
        string[] args = ["demo", "--no-serve", "--library", lib, "--out", output, "--learn-minutes", "0.25"];
        (int code, string text, string error) = CliRunner.Run(args);
        Assert.True(code == 0, error + text);
        Assert.Contains("· learn", text);
        Assert.Contains("within 0.25 min", text);

        string package = Path.Combine(output, "contrastive");
        var manifest = ModelPackage.ReadManifest(package);
        Assert.Equal("contrastive", manifest.ModelKind);
        // The loop checks the budget before every step: it may overrun by one step and the package write, not more.
        Assert.InRange(manifest.Metrics["train.minutes"], 0, Budget + 0.25);
        Assert.True(File.Exists(Path.Combine(package, "loss-curve.png")));

        string modelId = $"contrastive-{manifest.WeightsSha256[..12]}";
        using (var store = CatalogStores.Open(Path.Combine(output, "timbre.db"), create: false))
        {
            var space = store.FindEmbeddingSpace();
            Assert.NotNull(space);
            Assert.Equal(new[] { "summary", modelId }, space.Sets.Select(s => s.ModelId).ToArray());
            Assert.Equal(12, store.CountAnalyses(modelId, space.Sets[1].FeatureVersion));
        }

        Assert.Contains("fusion: summary@v1 + contrastive", text);
        Assert.Contains("close to", text); // recommendations in the fused space, with reasons

        (code, text, error) = CliRunner.Run(args);
        Assert.True(code == 0, error + text);
        Assert.Contains("contrastive encoder reused", text);
        Assert.Equal(manifest.WeightsSha256, ModelPackage.ReadManifest(package).WeightsSha256);
    }

    [Fact]
    public void ABudgetWithoutALibrary_IsRefused()
    {
        (int code, _, string error) = CliRunner.Run("demo", "--no-serve", "--learn-minutes", "1", "--out", Path.Combine(_dir, "out"));
        Assert.NotEqual(0, code);
        Assert.Contains("--learn-minutes needs --library", error);
    }

    /// <summary>Three untagged albums of four 4-s tracks (Artist/Album/track.wav): a tone and its harmonics, with noise.</summary>
    private string Library()
    {
        string lib = Path.Combine(_dir, "lib");
        var rng = new Random(5);
        double[] roots = [196, 440, 1046];
        for (int a = 0; a < roots.Length; a++)
        {
            string folder = Directory.CreateDirectory(Path.Combine(lib, $"Artist {a}", $"Album {a}")).FullName;
            for (int t = 0; t < 4; t++)
            {
                var samples = new float[4 * 22050];
                double hz = roots[a] * (1 + (0.05 * t));
                for (int i = 0; i < samples.Length; i++)
                {
                    double time = i / 22050.0;
                    double beat = 0.5 + (0.5 * Math.Sin(2 * Math.PI * (1 + a) * time));
                    samples[i] = (float)((beat * 0.3 * Math.Sin(2 * Math.PI * hz * time)) + (0.1 * Math.Sin(4 * Math.PI * hz * time)) + (0.05 * (rng.NextDouble() - 0.5)));
                }

                using var stream = new MemoryStream();
                WavWriter.Write(stream, samples, 22050);
                File.WriteAllBytes(Path.Combine(folder, $"{t + 1:D2}.wav"), stream.ToArray());
            }
        }

        return lib;
    }
}
