using Timbre.Audio.Wav;
using Timbre.Core.Audio;
using Timbre.Core.Errors;

namespace Timbre.Audio.Tests;

public sealed class AudioDecoderTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>A decoder standing in for ffmpeg that must never be reached.</summary>
    private sealed class MustNotBeCalled : IAudioDecoder
    {
        public AudioBuffer Decode(string path, int targetSampleRate, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("fallback called for " + path);

        public AudioInfo Probe(string path, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("fallback called for " + path);
    }

    [Fact]
    public void Wav_IsDecodedInProcess_DownMixedAndResampled()
    {
        string path = _dir.File("stereo.wav");
        float[] left = TestSignals.Sine(440, 44100, 44100);
        var interleaved = new float[2 * left.Length];
        for (int i = 0; i < left.Length; i++)
        {
            interleaved[2 * i] = left[i];
            interleaved[2 * i + 1] = 0.5f * left[i];
        }

        using (var f = File.Create(path))
        {
            WavWriter.Write(f, interleaved, 44100, 2, WavSampleFormat.Float32);
        }

        var decoder = new AudioDecoder(new MustNotBeCalled());
        AudioBuffer same = decoder.Decode(path, 44100);
        Assert.Equal(0.75f * left[100], same.Samples[100], 6);

        AudioBuffer low = decoder.Decode(path, 22050);
        Assert.Equal(22050, low.Samples.Length);
        Assert.InRange(TestSignals.ToneAmplitude(low.Samples, 22050, 440, 1000, 21050), 0.37, 0.38);

        AudioInfo info = decoder.Probe(path);
        Assert.Equal(("wav", 44100, 2), (info.Format, info.SampleRate, info.Channels));
        Assert.Equal(1.0, info.DurationSeconds, 9);
    }

    [Fact]
    public void MissingDirectoryAndEmpty_FailBeforeTheFallback()
    {
        var decoder = new AudioDecoder(new MustNotBeCalled());
        string empty = _dir.File("empty.mp3");
        File.WriteAllBytes(empty, []);
        Assert.Contains("file not found", Assert.Throws<AudioDecodingException>(() => decoder.Decode(_dir.File("nope.mp3"), 22050)).Message);
        Assert.Contains("directory", Assert.Throws<AudioDecodingException>(() => decoder.Decode(_dir.Path, 22050)).Message);
        Assert.Contains("empty", Assert.Throws<AudioDecodingException>(() => decoder.Probe(empty)).Message);
    }

    [Fact]
    public void BadTargetRate_IsAnOptionsError()
    {
        string path = _dir.File("ok.wav");
        WavWriter.WriteFile(path, new AudioBuffer([0.1f, 0.2f], 8000));
        var decoder = new AudioDecoder(new MustNotBeCalled());
        Assert.Throws<InvalidOptionsException>(() => decoder.Decode(path, 0));
    }

    [Trait("Category", "Slow")]
    [Fact]
    public void WavInAnEncodingTheReaderLacks_GoesToFfmpeg()
    {
        // µ-law WAV (format tag 7): well-formed, not decoded in C#, decoded by ffmpeg.
        string source = _dir.File("src.wav");
        string mulaw = _dir.File("mulaw.wav");
        WavWriter.WriteFile(source, new AudioBuffer(TestSignals.Sine(440, 8000, 8000), 8000));
        TestSignals.Ffmpeg("-i", source, "-c:a", "pcm_mulaw", mulaw);
        IAudioDecoder decoder = AudioDecoders.CreateDefault();
        AudioBuffer audio = decoder.Decode(mulaw, 8000);
        Assert.Equal(8000, audio.Samples.Length);
        Assert.InRange(TestSignals.ToneAmplitude(audio.Samples, 8000, 440), 0.48, 0.52);
        Assert.Contains("wav", decoder.Probe(mulaw).Format);
    }
}
