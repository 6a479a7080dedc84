using System.Diagnostics;
using Timbre.Audio.Ffmpeg;
using Timbre.Core.Audio;
using Timbre.Core.Errors;

namespace Timbre.Audio.Tests.Ffmpeg;

/// <summary>
/// <see cref="HostedFfmpegDecoder.ProbeAndDecodeWindow"/> (a long-lived decoder host) gives exactly what
/// <see cref="FfmpegDecoder.ProbeAndDecodeWindow"/> (ffmpeg processes) gives: the same samples bit for bit, the same
/// description, or the same kind of failure; a host that dies on a file fails that file only. The host binary is
/// built by scripts/setup.sh (CI runs it first): these tests fail, never skip, when it is missing.
/// </summary>
public sealed class HostedFfmpegDecoderTests(EncodedFormatsFixture formats) : IClassFixture<EncodedFormatsFixture>, IDisposable
{
    private readonly TempDir _dir = new();
    private readonly FfmpegDecoder _cli = new();
    private readonly HostedFfmpegDecoder _hosted = new(HostPath());

    public void Dispose()
    {
        _hosted.Dispose();
        _dir.Dispose();
    }

    [Trait("Category", "Slow")]
    [Theory]
    [InlineData("mp3")]
    [InlineData("flac")]
    [InlineData("ogg")]
    [InlineData("opus")]
    [InlineData("m4a")]
    public void EncodedFormats_SameAsTheCli_WholeAndWindowed(string ext)
    {
        string path = formats.Files[ext];
        // 1 s of a 2 s file: one excerpt from the middle, decoded after a seek (-ss).
        foreach (var window in new[] { AnalysisWindowOptions.Default, new AnalysisWindowOptions { MaxSeconds = 1 } })
        {
            Assert.Null(Difference(path, 22050, window));
        }
    }

    [Trait("Category", "Slow")]
    [Fact]
    public void LongTaggedFile_Excerpts_AndTags_SameAsTheCli()
    {
        string path = _dir.File("long.ogg");
        TestSignals.Ffmpeg(
            "-f", "lavfi", "-i", "sine=frequency=300:duration=40", "-ac", "2", "-c:a", "libvorbis", "-metadata", "title=Long One",
            "-metadata", "comment=first line\nsecond line  \n", "-metadata", "album=" + new string('a', 300), path);
        string mp3 = _dir.File("long.mp3");
        TestSignals.Ffmpeg("-f", "lavfi", "-i", "sine=frequency=700:duration=25", "-c:a", "libmp3lame", "-metadata", "artist=Ärger\tÜnd", mp3);

        Assert.Null(Difference(path, 22050, new AnalysisWindowOptions { MaxSeconds = 10, Excerpts = 3 }));
        Assert.Null(Difference(path, 16000, new AnalysisWindowOptions { MaxSeconds = 10, FromStart = true }));
        Assert.Null(Difference(path, 22050, AnalysisWindowOptions.Default));
        Assert.Null(Difference(mp3, 22050, new AnalysisWindowOptions { MaxSeconds = 12 }));
        Assert.Null(Difference(mp3, 22050, AnalysisWindowOptions.Default));
    }

    [Trait("Category", "Slow")]
    [Fact]
    public void HostileFiles_SameFailuresAsTheCli_AndThePointedFileIsNeverOpened()
    {
        using var target = new FifoTripwire(_dir.File("server-secret.mp3"));
        string hls = _dir.File("hls.mp3");
        File.WriteAllText(hls, HostileAudio.HlsPlaylist("file:" + target.Path));
        string text = _dir.File("notes.ogg");
        File.WriteAllText(text, "just some words, not audio at all\n");
        string empty = _dir.File("empty.flac");
        File.WriteAllBytes(empty, []);
        string truncated = _dir.File("truncated.ogg");
        byte[] whole = File.ReadAllBytes(formats.Files["ogg"]);
        File.WriteAllBytes(truncated, whole[..(whole.Length / 3)]);
        string header = _dir.File("header-only.m4a");
        File.WriteAllBytes(header, File.ReadAllBytes(formats.Files["m4a"])[..200]);

        foreach (string path in new[] { hls, text, empty, truncated, header })
        {
            Assert.Null(Difference(path, 22050, AnalysisWindowOptions.Default));
        }

        Assert.Equal(AudioFailure.NotAudio, Failure(() => _hosted.ProbeAndDecodeWindow(hls, 22050, AnalysisWindowOptions.Default)));
        Assert.Equal(AudioFailure.Empty, Failure(() => _hosted.ProbeAndDecodeWindow(empty, 22050, AnalysisWindowOptions.Default)));
        Assert.False(target.WasOpened, "the file the playlist names was opened");
    }

    [Trait("Category", "Slow")]
    [Fact]
    public void HostKilledMidFile_ThatFileFails_TheNextSucceeds()
    {
        string first = formats.Files["flac"], next = formats.Files["ogg"];
        int kills = 0;
        _hosted.DecodeSent = pid =>
        {
            if (Interlocked.Increment(ref kills) == 1)
            {
                using var process = Process.GetProcessById(pid);
                process.Kill();
                process.WaitForExit();
            }
        };

        var e = Assert.Throws<AudioDecodingException>(() => _hosted.ProbeAndDecodeWindow(first, 22050, AnalysisWindowOptions.Default));
        Assert.Equal(first, e.Path);
        Assert.Contains("decoder host stopped", e.Message, StringComparison.Ordinal);

        ProbedWindow after = _hosted.ProbeAndDecodeWindow(next, 22050, AnalysisWindowOptions.Default);
        ProbedWindow expected = _cli.ProbeAndDecodeWindow(next, 22050, AnalysisWindowOptions.Default);
        Assert.Equal(expected.Audio.Samples, after.Audio.Samples);
        Assert.Equal(2, kills);
    }

    [Trait("Category", "Slow")]
    [Fact]
    public void ConcurrentCallers_EachGetTheirOwnHost_AndTheSameSamples()
    {
        string[] paths = [.. new[] { "mp3", "flac", "ogg", "m4a" }.Select(e => formats.Files[e])];
        var expected = paths.ToDictionary(p => p, p => _cli.ProbeAndDecodeWindow(p, 22050, AnalysisWindowOptions.Default).Audio.Samples);
        Parallel.For(0, 12, new ParallelOptions { MaxDegreeOfParallelism = 3 }, i =>
        {
            string path = paths[i % paths.Length];
            Assert.Equal(expected[path], _hosted.ProbeAndDecodeWindow(path, 22050, AnalysisWindowOptions.Default).Audio.Samples);
        });
    }

    [Fact]
    public void Microseconds_AreWhatFfmpegReadsFromTheArgumentText()
    {
        Assert.Equal(600_000_000, HostedFfmpegDecoder.Microseconds(600));
        Assert.Equal(37_123_457, HostedFfmpegDecoder.Microseconds(37.1234567));
        Assert.Equal(500_000, HostedFfmpegDecoder.Microseconds(0.5));
        Assert.Equal(1, HostedFfmpegDecoder.Microseconds(0.000001));
    }

    private static string HostPath() =>
        AudioDecoders.DecoderHostPath()
        ?? throw new InvalidOperationException("the decoder host is not built (or TIMBRE_DECODER=cli): run scripts/setup.sh");

    private static AudioFailure? Failure(Action action)
    {
        try
        {
            action();
            return null;
        }
        catch (AudioDecodingException e)
        {
            return e.Kind;
        }
    }

    /// <summary>Null when the host and the CLI agree exactly (description and samples, or failure kind).</summary>
    private string? Difference(string path, int rate, AnalysisWindowOptions window)
    {
        ProbedWindow? cli = null, host = null;
        AudioFailure? cliError = Failure(() => cli = _cli.ProbeAndDecodeWindow(path, rate, window));
        AudioFailure? hostError = Failure(() => host = _hosted.ProbeAndDecodeWindow(path, rate, window));
        if (cli is null || host is null)
        {
            return cliError == hostError && (cli is null) == (host is null) ? null : $"cli {cliError?.ToString() ?? "ok"}, host {hostError?.ToString() ?? "ok"}";
        }

        (AudioInfo a, AudioInfo b) = (cli.Info, host.Info);
        return a.Format != b.Format ? $"format {a.Format} vs {b.Format}"
            : a.SampleRate != b.SampleRate || a.Channels != b.Channels ? $"stream {a.SampleRate}/{a.Channels} vs {b.SampleRate}/{b.Channels}"
            : a.DurationSeconds != b.DurationSeconds ? $"duration {a.DurationSeconds} vs {b.DurationSeconds}"
            : a.Tags.Count != b.Tags.Count || a.Tags.Any(t => !b.Tags.TryGetValue(t.Key, out string? v) || v != t.Value)
                ? $"tags {string.Join(';', a.Tags)} vs {string.Join(';', b.Tags)}"
            : !cli.Audio.Samples.AsSpan().SequenceEqual(host.Audio.Samples) ? $"samples differ ({cli.Audio.Samples.Length} vs {host.Audio.Samples.Length})"
            : null;
    }
}
