using Timbre.Audio.Wav;
using Timbre.Core.Audio;

namespace Timbre.Audio.Tests.Wav;

public class WavWriterTests
{
    [Fact]
    public void Pcm16_RoundTripsWithinHalfAStep()
    {
        float[] x = TestSignals.Sine(1000, 16000, 1600, amplitude: 0.9);
        var ms = new MemoryStream();
        WavWriter.Write(ms, x, 16000);
        var wav = WavReader.Read(new MemoryStream(ms.ToArray()), "w.wav");
        Assert.Equal(16, wav.Header.BitsPerSample);
        Assert.Equal(x.Length, wav.Interleaved.Length);
        for (int i = 0; i < x.Length; i++)
        {
            Assert.True(Math.Abs(x[i] - wav.Interleaved[i]) <= 0.5 / 32768 + 1e-7, $"sample {i}");
        }
    }

    [Fact]
    public void Pcm16_ClampsOutOfRangeAndNaN()
    {
        var ms = new MemoryStream();
        WavWriter.Write(ms, [2f, -2f, float.NaN, 1f], 8000);
        var wav = WavReader.Read(new MemoryStream(ms.ToArray()), "w.wav");
        Assert.Equal(new[] { 32767f / 32768, -1f, 0f, 32767f / 32768 }, wav.Interleaved);
    }

    [Fact]
    public void Float32_Stereo_RoundTripsExactly()
    {
        float[] x = [0.1f, -0.2f, 0.3f, -0.4f, 1.25f, -3f];
        var ms = new MemoryStream();
        WavWriter.Write(ms, x, 44100, channels: 2, WavSampleFormat.Float32);
        var wav = WavReader.Read(new MemoryStream(ms.ToArray()), "w.wav");
        Assert.Equal(x, wav.Interleaved);
        Assert.Equal(2, wav.Header.Channels);
        Assert.Equal(WavEncoding.IeeeFloat, wav.Header.Encoding);
    }

    [Fact]
    public void WriteFile_WritesAReadableMonoFile()
    {
        using var dir = new TempDir();
        string path = dir.File("clip.wav");
        WavWriter.WriteFile(path, new AudioBuffer([0.5f, -0.5f], 22050));
        using FileStream s = File.OpenRead(path);
        Assert.Equal(new[] { 0.5f, -0.5f }, WavReader.ReadMono(s, path).Samples);
    }

    [Fact]
    public void BadArguments_Throw()
    {
        Assert.Throws<ArgumentException>(() => WavWriter.Write(new MemoryStream(), [1f, 2f, 3f], 8000, channels: 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => WavWriter.Write(new MemoryStream(), [1f], 0));
    }
}
