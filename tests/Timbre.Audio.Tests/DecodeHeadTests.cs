using Timbre.Audio.Wav;
using Timbre.Core.Audio;
using Timbre.Core.Errors;

namespace Timbre.Audio.Tests;

/// <summary><see cref="IAudioDecoder.DecodeHead"/>: only the first seconds are decoded, by WAV reading and by ffmpeg.</summary>
[Trait("Category", "Slow")]
public sealed class DecodeHeadTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Wav_and_ffmpeg_formats_return_only_the_head_at_the_target_rate()
    {
        var wav = _dir.File("long.wav");
        WavWriter.WriteFile(wav, new AudioBuffer(TestSignals.Sine(440, 8000, 8000 * 12), 8000));
        var mp3 = _dir.File("long.mp3");
        TestSignals.Ffmpeg(["-i", wav, "-c:a", "libmp3lame", "-b:a", "32k", mp3]);
        var decoder = AudioDecoders.CreateDefault();
        foreach (var path in new[] { wav, mp3 })
        {
            var head = decoder.DecodeHead(path, 16000, 2.5);
            Assert.Equal(16000, head.SampleRate);
            Assert.InRange(head.Samples.Length, 2.5 * 16000 - 200, 2.5 * 16000);
            Assert.InRange(TestSignals.DominantFrequency(head.Samples, 16000, 300, 600, 1), 438, 442);
        }

        // A window longer than the file is the whole file; a bad window is an options error.
        Assert.Equal(12 * 8000, decoder.DecodeHead(wav, 8000, 60).Samples.Length);
        Assert.Throws<InvalidOptionsException>(() => decoder.DecodeHead(wav, 8000, 0));
        Assert.Throws<InvalidOptionsException>(() => decoder.DecodeHead(mp3, 8000, double.NaN));
    }
}
