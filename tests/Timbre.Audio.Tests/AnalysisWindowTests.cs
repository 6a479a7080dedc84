using System.Diagnostics;
using Timbre.Core.Audio;
using Timbre.Core.Errors;

namespace Timbre.Audio.Tests;

/// <summary>
/// Windowed decoding reads only the planned seconds: whole short tracks, evenly spaced excerpts of long ones, and
/// never more than the cap however long the file really is (decompression bombs, files that understate their length).
/// </summary>
public sealed class AnalysisWindowTests : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly IAudioDecoder _decoder = AudioDecoders.CreateDefault();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Plan_IsTheWholeTrackUpToTheWindow_ThenEvenlySpacedExcerptsSummingToIt()
    {
        var window = new AnalysisWindowOptions { MaxSeconds = 60, Excerpts = 3 };
        Assert.Equal([(0.0, 60.0)], window.Plan(45));
        Assert.Equal([(0.0, 60.0)], window.Plan(0));
        var spans = window.Plan(600);
        Assert.Equal([(90.0, 20.0), (290.0, 20.0), (490.0, 20.0)], spans);
        Assert.Equal(60, spans.Sum(s => s.Length));
        Assert.Single(new AnalysisWindowOptions { MaxSeconds = 6, Excerpts = 50 }.Plan(1000));
        Assert.Throws<InvalidOptionsException>(() => new AnalysisWindowOptions { MaxSeconds = 0 });
        Assert.Throws<InvalidOptionsException>(() => new AnalysisWindowOptions { Excerpts = 0 });
    }

    [Fact]
    public void Cut_TakesTheSameExcerptsOutOfDecodedAudio()
    {
        var samples = Enumerable.Range(0, 600).Select(i => (float)i).ToArray();
        var cut = new AnalysisWindowOptions { MaxSeconds = 30, Excerpts = 3 }.Cut(new AudioBuffer(samples, 1));
        Assert.Equal([.. Enumerable.Range(95, 10), .. Enumerable.Range(295, 10), .. Enumerable.Range(495, 10)], cut.Samples.Select(s => (int)s));
        var shortAudio = new AudioBuffer(new float[20], 1);
        Assert.Same(shortAudio, AnalysisWindowOptions.Default.Cut(shortAudio));
    }

    /// <summary>A ramp whose value is the time in minutes tells which seconds each decoder returned.</summary>
    [Trait("Category", "Slow")]
    [Theory]
    [InlineData(".wav")]
    [InlineData(".flac")]
    public void LongTracks_AreReadAsExcerptsFromTheRightPlaces(string extension)
    {
        const int Rate = 8000;
        string path = _dir.File("ramp" + extension);
        TestSignals.Ffmpeg("-f", "lavfi", "-i", $"aevalsrc=t/600:s={Rate}:d=300", "-c:a", extension == ".wav" ? "pcm_s16le" : "flac", path);
        var window = new AnalysisWindowOptions { MaxSeconds = 30, Excerpts = 3 };
        AudioInfo info = _decoder.Probe(path);
        Assert.Equal(300, info.DurationSeconds, 1);

        AudioBuffer audio = _decoder.DecodeWindow(info, Rate, window);

        Assert.InRange(audio.Samples.Length, (30 * Rate) - 10, 30 * Rate);
        // Excerpts of 10 s centred on 50 s, 150 s and 250 s: values (t / 600) at each excerpt's middle.
        for (int i = 0; i < 3; i++)
        {
            double expected = (50 + (100 * i)) / 600.0;
            Assert.Equal(expected, audio.Samples[(i * 10 * Rate) + (5 * Rate)], 2);
        }
    }

    [Trait("Category", "Slow")]
    [Theory]
    [InlineData(".flac", 3.0)]
    [InlineData(".mp3", 1.0)]
    [InlineData(".ogg", 0.5)]
    public void SilenceBombs_CostNoMoreThanTheWindow(string extension, double hours)
    {
        string path = _dir.File("bomb" + extension);
        HostileAudio.SilenceBomb(path, hours);
        var window = new AnalysisWindowOptions { MaxSeconds = 20 };
        var watch = Stopwatch.StartNew();
        AudioInfo info = _decoder.Probe(path);
        AudioBuffer audio = _decoder.DecodeWindow(info, 22050, window);
        Assert.InRange(info.DurationSeconds, (hours * 3600) - 60, (hours * 3600) + 60);
        Assert.InRange(audio.Samples.Length, 19 * 22050, 20 * 22050);
        Assert.InRange(watch.Elapsed.TotalSeconds, 0, 15);
    }

    [Trait("Category", "Slow")]
    [Fact]
    public void AFileThatUnderstatesItsLength_StillYieldsAtMostTheWindow()
    {
        string path = _dir.File("liar.flac");
        HostileAudio.SilenceBomb(path, 1);
        // STREAMINFO's 36-bit total-samples field (bytes 21..25 of the file) set to 1000: "one second at 1 kHz".
        byte[] bytes = File.ReadAllBytes(path);
        bytes[21] &= 0xF0;
        bytes[22] = 0;
        bytes[23] = 0;
        bytes[24] = 0x03;
        bytes[25] = 0xE8;
        File.WriteAllBytes(path, bytes);
        AudioInfo info = _decoder.Probe(path);
        Assert.InRange(info.DurationSeconds, 0.5, 1.5);

        AudioBuffer audio = _decoder.DecodeWindow(info, 22050, new AnalysisWindowOptions { MaxSeconds = 12 });

        Assert.InRange(audio.Samples.Length, 11 * 22050, 12 * 22050);
    }

    [Fact]
    public void WindowedWav_IsBoundedByTheHeaderCheckedAgainstTheFile()
    {
        string path = _dir.File("short.wav");
        File.WriteAllBytes(path, RawWav.Tone(2));
        AudioInfo info = _decoder.Probe(path);
        Assert.Equal(16000, _decoder.DecodeWindow(info, 8000, AnalysisWindowOptions.Default).Samples.Length);
        Assert.Equal(8000, _decoder.DecodeWindow(info, 8000, new AnalysisWindowOptions { MaxSeconds = 1 }).Samples.Length);
    }
}
