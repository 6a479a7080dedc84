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
    public void Pcm16Symmetric_WithTags_MatchesTheCorpusGeneratorsBytes()
    {
        // Bytes written by the corpus generator's former writer (Timbre.Data WavPcm.WriteMono16) for the same input:
        // ±1 → ±32767, clamped, half to even, NaN → 0, and a LIST/INFO chunk (odd values padded) before the data.
        const string expected =
            "524946465800000057415645666D74201000000001000100401F0000803E0000020010004C4953541C000000494E464F494E414D" +
            "0400000052C3A90049415254030000004162000064617461100000000000004000C0FF7F0180000002000000";
        float[] x = [0f, 0.5f, -0.5f, 1.5f, -1f, (0.25f / 32767f) + 1e-9f, 1.5f / 32767f, float.NaN];
        var ms = new MemoryStream();
        WavWriter.Write(ms, x, 8000, 1, WavSampleFormat.Pcm16Symmetric, [("INAM", "Ré"), ("IART", "Ab")]);
        Assert.Equal(expected, Convert.ToHexString(ms.ToArray()));
    }

    [Fact]
    public void Tags_RoundTripThroughTheReader()
    {
        var ms = new MemoryStream();
        WavWriter.Write(ms, [0.25f, -0.25f], 22050, 2, WavSampleFormat.Float32, [("INAM", "Song"), ("IART", "Ärtist"), ("IPRD", "LP")]);
        var wav = WavReader.Read(new MemoryStream(ms.ToArray()), "w.wav");
        Assert.Equal("Song", wav.Header.Tags["title"]);
        Assert.Equal("Ärtist", wav.Header.Tags["artist"]);
        Assert.Equal("LP", wav.Header.Tags["album"]);
        Assert.Equal(new[] { 0.25f, -0.25f }, wav.Interleaved);
    }

    [Fact]
    public void BadArguments_Throw()
    {
        Assert.Throws<ArgumentException>(() => WavWriter.Write(new MemoryStream(), [1f, 2f, 3f], 8000, channels: 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => WavWriter.Write(new MemoryStream(), [1f], 0));
        Assert.Throws<ArgumentException>(() => WavWriter.Write(new MemoryStream(), [1f], 8000, tags: [("TOOLONG", "x")]));
    }
}
