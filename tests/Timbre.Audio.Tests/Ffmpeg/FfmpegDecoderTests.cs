using Timbre.Audio.Ffmpeg;
using Timbre.Core.Audio;
using Timbre.Core.Errors;

namespace Timbre.Audio.Tests.Ffmpeg;

public class FfmpegDecoderTests(EncodedFormatsFixture files) : IClassFixture<EncodedFormatsFixture>
{
    [Trait("Category", "Slow")]
    [Theory]
    [InlineData("mp3")]
    [InlineData("flac")]
    [InlineData("ogg")]
    [InlineData("opus")]
    [InlineData("m4a")]
    public void EncodedTone_DecodesToTheToneAtTheTargetRate(string format)
    {
        IAudioDecoder decoder = AudioDecoders.CreateDefault();
        AudioBuffer audio = decoder.Decode(files.Files[format], 22050);
        Assert.Equal(22050, audio.SampleRate);
        // Encoder delay and padding: within 0.1 s of the 2 s written.
        Assert.InRange(audio.DurationSeconds, EncodedFormatsFixture.Seconds - 0.1, EncodedFormatsFixture.Seconds + 0.1);
        int edge = 2205;
        double peak = TestSignals.DominantFrequency(
            audio.Samples.AsSpan(edge, audio.Samples.Length - 2 * edge), 22050, 300, 600, 2);
        Assert.Equal(EncodedFormatsFixture.Frequency, peak, 1);
        double amp = TestSignals.ToneAmplitude(audio.Samples, 22050, EncodedFormatsFixture.Frequency, edge, audio.Samples.Length - edge);
        Assert.InRange(amp, 0.45, 0.55);
    }

    [Theory]
    [InlineData("mp3", "mp3")]
    [InlineData("flac", "flac")]
    [InlineData("ogg", "ogg")]
    [InlineData("opus", "ogg")]
    [InlineData("m4a", "mov")]
    public void Probe_ReadsFormatTagsAndStreamParameters(string format, string container)
    {
        AudioInfo info = AudioDecoders.CreateDefault().Probe(files.Files[format]);
        Assert.Contains(container, info.Format);
        Assert.Equal(EncodedFormatsFixture.Title, info.Tags["title"]);
        Assert.Equal("Timbre", info.Tags["artist"]);
        Assert.Equal(1, info.Channels);
        Assert.Equal(format == "opus" ? 48000 : 44100, info.SampleRate);
        Assert.InRange(info.DurationSeconds, 1.9, 2.2);
    }

    [Fact]
    public void FfmpegDecoder_AlsoReadsWav_AndAgreesWithTheCSharpReader()
    {
        AudioBuffer viaFfmpeg = new FfmpegDecoder().Decode(files.WavPath, 44100);
        AudioBuffer viaReader = AudioDecoders.CreateDefault().Decode(files.WavPath, 44100);
        Assert.Equal(viaReader.Samples.Length, viaFfmpeg.Samples.Length);
        for (int i = 0; i < viaReader.Samples.Length; i++)
        {
            Assert.Equal(viaReader.Samples[i], viaFfmpeg.Samples[i], 6);
        }
    }

    [Fact]
    public void MissingFfmpegBinary_GivesAnInstallHint_ButWavStillWorks()
    {
        var options = new FfmpegOptions { FfmpegPath = "/nonexistent/bin/ffmpeg", FfprobePath = "/nonexistent/bin/ffprobe" };
        IAudioDecoder decoder = AudioDecoders.Create(options);
        var e = Assert.Throws<AudioDecodingException>(() => decoder.Decode(files.Files["mp3"], 22050));
        Assert.Contains("ffmpeg not found; install it with: apt-get install ffmpeg", e.Message);
        Assert.Contains("tone.mp3", e.Message);
        var p = Assert.Throws<AudioDecodingException>(() => decoder.Probe(files.Files["flac"]));
        Assert.Contains("ffprobe not found", p.Message);

        Assert.Equal(22050, decoder.Decode(files.WavPath, 22050).SampleRate);
        AudioInfo info = decoder.Probe(files.WavPath);
        Assert.Equal("wav", info.Format);
        Assert.Equal(44100, info.SampleRate);
        Assert.Equal(2.0, info.DurationSeconds, 6);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void HangingTool_IsKilledAtTheTimeout()
    {
        string fake = SleepyTool("sleepy-ffmpeg.sh");
        var decoder = new FfmpegDecoder(new FfmpegOptions { FfmpegPath = fake, Timeout = TimeSpan.FromSeconds(1) });
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var e = Assert.Throws<AudioDecodingException>(() => decoder.Decode(files.Files["mp3"], 22050));
        Assert.Contains("timed out", e.Message);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"took {watch.Elapsed}");
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void Cancellation_KillsTheToolAndThrowsOperationCanceled()
    {
        string fake = SleepyTool("sleepy-ffmpeg2.sh");
        var decoder = new FfmpegDecoder(new FfmpegOptions { FfmpegPath = fake });
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var watch = System.Diagnostics.Stopwatch.StartNew();
        Assert.ThrowsAny<OperationCanceledException>(() => decoder.Decode(files.Files["mp3"], 22050, cts.Token));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"took {watch.Elapsed}");
    }

    [Fact]
    public void FfprobeJson_WithoutAudioStream_IsAnError()
    {
        byte[] json = """{"streams":[{"codec_type":"video","codec_name":"png"}],"format":{"format_name":"png_pipe"}}"""u8.ToArray();
        var e = Assert.Throws<AudioDecodingException>(() => FfprobeJson.Parse(json, "cover.png"));
        Assert.Contains("no audio stream", e.Message);
        Assert.Throws<AudioDecodingException>(() => FfprobeJson.Parse("{not json"u8, "x.mp3"));
    }

    [Fact]
    public void FfprobeJson_LowerCasesTagsAndPrefersContainerDuration()
    {
        byte[] json = """
            {"streams":[{"codec_type":"audio","sample_rate":"48000","channels":2,"duration":"9.0","tags":{"TITLE":"S","Genre":"Jazz"}}],
             "format":{"format_name":"ogg","duration":"10.5","tags":{"ARTIST":"A"}}}
            """u8.ToArray();
        AudioInfo info = FfprobeJson.Parse(json, "x.ogg");
        Assert.Equal(("ogg", 10.5, 48000, 2), (info.Format, info.DurationSeconds, info.SampleRate, info.Channels));
        Assert.Equal("S", info.Tags["title"]);
        Assert.Equal("Jazz", info.Tags["genre"]);
        Assert.Equal("A", info.Tags["artist"]);
    }

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private string SleepyTool(string name)
    {
        string fake = Path.Combine(files.Dir, name);
        File.WriteAllText(fake, "#!/bin/sh\nexec sleep 30\n");
        File.SetUnixFileMode(fake, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return fake;
    }
}
