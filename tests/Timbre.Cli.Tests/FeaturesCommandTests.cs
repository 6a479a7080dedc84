using System.Diagnostics;
using System.Text.Json;
using Timbre.Audio.Wav;
using Timbre.Core.Audio;

namespace Timbre.Cli.Tests;

[Collection("Console")]
public sealed class FeaturesCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("timbre-features-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Tone(double seconds = 2.0, double frequency = 440)
    {
        string wav = Path.Combine(_dir, "tone.wav");
        var samples = new float[(int)(22050 * seconds)];
        for (int i = 0; i < samples.Length; i++)
        {
            samples[i] = (float)(0.5 * Math.Sin(2 * Math.PI * frequency * i / 22050));
        }

        WavWriter.WriteFile(wav, new AudioBuffer(samples, 22050));
        return wav;
    }

    [Theory]
    [InlineData("logmel", 128, 87)] // 1 + 44100 / 512 frames
    [InlineData("mfcc", 20, 87)]
    [InlineData("chroma", 12, 87)]
    [InlineData("stft", 1025, 87)]
    [InlineData("cqt", 84, 87)]
    [InlineData("chroma-cqt", 12, 87)]
    [InlineData("chroma-cens", 12, 87)]
    [InlineData("rms", 1, 87)]
    [InlineData("stats", 357, 1)]
    [InlineData("stats2", 418, 1)]
    public void Json_IsOneObject_WithTheShapeOfTheData(string kind, int rows, int cols)
    {
        (int code, string output, string error) = CliRunner.Run("features", Tone(), "--kind", kind, "--json");
        Assert.True(code == 0, error);
        using JsonDocument json = JsonDocument.Parse(output);
        JsonElement root = json.RootElement;
        Assert.Equal(kind, root.GetProperty("kind").GetString());
        Assert.Equal(22050, root.GetProperty("sampleRate").GetInt32());
        Assert.Equal([rows, cols], root.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()));
        JsonElement data = root.GetProperty("data");
        Assert.Equal(rows, data.GetArrayLength());
        Assert.All(data.EnumerateArray(), r => Assert.Equal(cols, r.GetArrayLength()));
        if (kind is "stats" or "stats2")
        {
            Assert.Equal(rows, root.GetProperty("names").GetArrayLength());
            Assert.Equal(kind == "stats" ? 1 : 2, root.GetProperty("featuresVersion").GetInt32());
        }
    }

    [Fact]
    public void Json_ChromaOfA440_PeaksAtA_AndOptionsChangeTheShape()
    {
        (int code, string output, _) = CliRunner.Run("features", Tone(), "--kind", "chroma", "--json");
        Assert.Equal(0, code);
        using JsonDocument json = JsonDocument.Parse(output);
        double[] means = json.RootElement.GetProperty("data").EnumerateArray().Select(r => r.EnumerateArray().Average(v => v.GetDouble())).ToArray();
        Assert.Equal(9, Array.IndexOf(means, means.Max())); // A

        foreach (string kind in new[] { "chroma-cqt", "chroma-cens" })
        {
            (code, output, _) = CliRunner.Run("features", Tone(), "--kind", kind, "--json");
            Assert.Equal(0, code);
            using JsonDocument cq = JsonDocument.Parse(output);
            double[] cqMeans = cq.RootElement.GetProperty("data").EnumerateArray().Select(r => r.EnumerateArray().Average(v => v.GetDouble())).ToArray();
            Assert.Equal(9, Array.IndexOf(cqMeans, cqMeans.Max()));
        }

        (code, output, _) = CliRunner.Run("features", Tone(), "--kind", "mfcc", "--n-mfcc", "13", "--n-mels", "40", "--hop", "1024", "--htk", "--json");
        Assert.Equal(0, code);
        using JsonDocument small = JsonDocument.Parse(output);
        Assert.Equal([13, 44], small.RootElement.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()));
    }

    [Fact]
    public void Png_IsWritten_AndTheTableNamesTheShape()
    {
        string png = Path.Combine(_dir, "out", "tone.png");
        (int code, string output, string error) = CliRunner.Run("features", Tone(), "--png", png);
        Assert.True(code == 0, error);
        PlotImage.AssertChart(png);
        Assert.Contains("128 × 87", output);
        Assert.Contains("2.000 s", output);
    }

    [Fact]
    public void Mp3_LogMelJson_Works()
    {
        string mp3 = Path.Combine(_dir, "tone.mp3");
        var ffmpeg = Process.Start(new ProcessStartInfo("ffmpeg", ["-loglevel", "error", "-y", "-i", Tone(), "-b:a", "128k", mp3]) { RedirectStandardError = true })!;
        ffmpeg.WaitForExit();
        Assert.Equal(0, ffmpeg.ExitCode);
        (int code, string output, string error) = CliRunner.Run("features", mp3, "--kind", "logmel", "--json");
        Assert.True(code == 0, error);
        using JsonDocument json = JsonDocument.Parse(output);
        int[] shape = json.RootElement.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        Assert.Equal(128, shape[0]);
        Assert.InRange(shape[1], 87, 90); // MP3 encoder delay/padding adds a few frames
    }

    [Fact]
    public void BadFile_ExitsOne_WithOneStderrLine()
    {
        (int code, string output, string error) = CliRunner.Run("features", Path.Combine(_dir, "missing.mp3"), "--json");
        Assert.Equal(1, code);
        Assert.Equal("", output);
        Assert.Single(error.Trim().Split('\n'));
        Assert.Contains("missing.mp3", error);

        string junk = Path.Combine(_dir, "junk.wav");
        File.WriteAllText(junk, "this is not audio");
        (code, _, error) = CliRunner.Run("features", junk);
        Assert.Equal(1, code);
        Assert.Contains("junk.wav", error);
    }

    [Theory]
    [InlineData("--hop", "0", "--hop")]
    [InlineData("--n-fft", "1", "--n-fft")]
    [InlineData("--n-mfcc", "500", "--n-mfcc")]
    [InlineData("--kind", "nope", "--kind")]
    [InlineData("--sample-rate", "10", "--sample-rate")]
    public void BadOption_ExitsTwo_NamingTheOption(string option, string value, string named)
    {
        (int code, _, string error) = CliRunner.Run("features", Tone(), option, value);
        Assert.Equal(2, code);
        Assert.Single(error.Trim().Split('\n'));
        Assert.Contains(named, error);
    }

    [Fact]
    public void CqtPng_IsWritten_AndCqtAtLowRate_NamesTheSampleRate()
    {
        string png = Path.Combine(_dir, "out", "cqt.png");
        (int code, string output, string error) = CliRunner.Run("features", Tone(), "--kind", "cqt", "--png", png);
        Assert.True(code == 0, error);
        PlotImage.AssertChart(png);
        Assert.Contains("84 × 87", output);

        (code, _, error) = CliRunner.Run("features", Tone(), "--kind", "chroma-cens", "--sample-rate", "8000", "--json");
        Assert.Equal(2, code);
        Assert.Contains("--sample-rate", error);
        Assert.Contains("Nyquist", error);
    }

    [Fact]
    public void StatsPng_IsRejected()
    {
        (int code, _, string error) = CliRunner.Run("features", Tone(), "--kind", "stats", "--png", Path.Combine(_dir, "x.png"));
        Assert.Equal(2, code);
        Assert.Contains("--png", error);
    }
}
