using System.Text;
using Timbre.Audio.Wav;
using Timbre.Core.Errors;

namespace Timbre.Audio.Tests.Wav;

public class WavReaderTests
{
    private static WavContent Read(byte[] bytes) => WavReader.Read(new MemoryStream(bytes), "test.wav");

    [Fact]
    public void Pcm8_IsUnsignedAroundMidpoint()
    {
        byte[] file = new WavBytes().Chunk("fmt ", WavBytes.Fmt(1, 1, 8000, 8)).Chunk("data", [0, 64, 128, 192, 255]).Build();
        WavContent wav = Read(file);
        Assert.Equal(new[] { -1f, -0.5f, 0f, 0.5f, 127f / 128 }, wav.Interleaved);
        Assert.Equal(8000, wav.Header.SampleRate);
        Assert.Equal(WavEncoding.Pcm, wav.Header.Encoding);
    }

    [Fact]
    public void Pcm16_KnownValues()
    {
        byte[] file = new WavBytes().Chunk("fmt ", WavBytes.Fmt(1, 1, 44100, 16))
            .Chunk("data", WavBytes.Int16(-32768, -16384, 0, 16384, 32767)).Build();
        Assert.Equal(new[] { -1f, -0.5f, 0f, 0.5f, 32767f / 32768 }, Read(file).Interleaved);
    }

    [Fact]
    public void Pcm24_KnownValues()
    {
        byte[] file = new WavBytes().Chunk("fmt ", WavBytes.Fmt(1, 1, 48000, 24))
            .Chunk("data", WavBytes.Int24(-8388608, -4194304, 0, 1, 4194304, 8388607)).Build();
        Assert.Equal(new[] { -1f, -0.5f, 0f, 1f / 8388608, 0.5f, 8388607f / 8388608 }, Read(file).Interleaved);
    }

    [Fact]
    public void Pcm32_KnownValues()
    {
        byte[] file = new WavBytes().Chunk("fmt ", WavBytes.Fmt(1, 1, 48000, 32))
            .Chunk("data", WavBytes.Int32(int.MinValue, -(1 << 30), 0, 1 << 30, 1 << 8)).Build();
        Assert.Equal(new[] { -1f, -0.5f, 0f, 0.5f, 1f / (1 << 23) }, Read(file).Interleaved);
    }

    [Fact]
    public void Float32_IsExact()
    {
        float[] values = [-1f, -0.25f, 0f, 0.3f, 1.5f, float.Epsilon];
        byte[] file = new WavBytes().Chunk("fmt ", WavBytes.Fmt(3, 1, 22050, 32)).Chunk("fact", [6, 0, 0, 0])
            .Chunk("data", WavBytes.Float32(values)).Build();
        Assert.Equal(values, Read(file).Interleaved);
    }

    [Fact]
    public void Float64_IsRoundedToFloat()
    {
        double[] values = [-1, 0.1, 0.5, 1e-9];
        byte[] file = new WavBytes().Chunk("fmt ", WavBytes.Fmt(3, 1, 22050, 64)).Chunk("data", WavBytes.Float64(values)).Build();
        Assert.Equal(values.Select(v => (float)v).ToArray(), Read(file).Interleaved);
    }

    [Fact]
    public void Extensible_Pcm24InThreeChannels_WithUnknownAndOddChunks()
    {
        // Frames: (1/2, -1/2, 0), (1/4, 1/4, 1/4); a 3-byte odd "junk" chunk and a LIST/INFO chunk come first.
        byte[] info = Encoding.ASCII.GetBytes("INFOINAM\u0006\0\0\0Hello\0IART\u0003\0\0\0Bob\0");
        byte[] file = new WavBytes()
            .Chunk("junk", [1, 2, 3])
            .Chunk("fmt ", WavBytes.FmtExtensible(1, 3, 96000, 24, 20))
            .Chunk("LIST", info)
            .Chunk("data", WavBytes.Int24(4194304, -4194304, 0, 2097152, 2097152, 2097152))
            .Build();
        WavContent wav = Read(file);
        Assert.Equal(new[] { 0.5f, -0.5f, 0f, 0.25f, 0.25f, 0.25f }, wav.Interleaved);
        Assert.Equal(3, wav.Header.Channels);
        Assert.Equal(1, wav.Header.FormatTag);
        Assert.Equal("Hello", wav.Header.Tags["title"]);
        Assert.Equal("Bob", wav.Header.Tags["artist"]);
        Assert.Equal(new[] { -0.5f, 0.25f }, wav.Channel(1));

        var mono = WavReader.ReadMono(new MemoryStream(file), "x.wav");
        Assert.Equal(96000, mono.SampleRate);
        Assert.Equal(0f, mono.Samples[0], 7);
        Assert.Equal(0.25f, mono.Samples[1], 7);
    }

    [Fact]
    public void Extensible_Float32Stereo_DownMixesToMean()
    {
        byte[] file = new WavBytes()
            .Chunk("fmt ", WavBytes.FmtExtensible(3, 2, 44100, 32, 32))
            .Chunk("data", WavBytes.Float32(1f, 0f, -0.5f, -0.25f, 0.2f, 0.4f))
            .Build();
        var mono = WavReader.ReadMono(new MemoryStream(file), "x.wav");
        Assert.Equal(new[] { 0.5f, -0.375f, 0.3f }, mono.Samples);
    }

    [Fact]
    public void Extensible_UnknownSubFormat_IsReportedUnsupported()
    {
        byte[] fmt = WavBytes.FmtExtensible(1, 1, 8000, 16, 16);
        fmt[30] = 0x42; // not the standard GUID tail
        byte[] file = new WavBytes().Chunk("fmt ", fmt).Chunk("data", WavBytes.Int16(1, 2)).Build();
        WavHeader header = WavReader.ReadHeader(new MemoryStream(file), "x.wav");
        Assert.Equal(WavEncoding.Unsupported, header.Encoding);
        var e = Assert.Throws<AudioDecodingException>(() => WavReader.ReadMono(new MemoryStream(file), "x.wav"));
        Assert.Contains("unsupported", e.Message);
    }

    [Fact]
    public void SixChannels_DownMixIsMeanOfChannels()
    {
        short[] frame = [600, -1200, 3000, 0, 300, 900]; // sum 3600, mean 600
        byte[] file = new WavBytes().Chunk("fmt ", WavBytes.Fmt(1, 6, 48000, 16))
            .Chunk("data", WavBytes.Int16([.. frame, .. frame])).Build();
        var mono = WavReader.ReadMono(new MemoryStream(file), "x.wav");
        Assert.Equal(2, mono.Samples.Length);
        Assert.Equal(600f / 32768, mono.Samples[0], 6);
    }

    [Fact]
    public void StreamedDataSize_ReadsToEnd_EvenFromAPipe()
    {
        byte[] file = new WavBytes().Chunk("fmt ", WavBytes.Fmt(1, 1, 8000, 16))
            .Chunk("data", WavBytes.Int16(100, 200, 300), uint.MaxValue).Raw([7]).Build(); // trailing half-sample ignored
        Assert.Equal(new[] { 100f, 200f, 300f }.Select(v => v / 32768).ToArray(), Read(file).Interleaved);
        var piped = WavReader.Read(new PipeStream(file), "pipe.wav");
        Assert.Equal(3, piped.FrameCount);
        Assert.Equal(-1, piped.Header.DataLength);
    }

    [Fact]
    public void Pipe_SkipsUnknownChunksAndReadsLongData()
    {
        float[] samples = TestSignals.Sine(440, 8000, 100_000);
        var ms = new MemoryStream();
        WavWriter.Write(ms, samples, 8000, 1, WavSampleFormat.Float32); // has a fact chunk
        var wav = WavReader.Read(new PipeStream(ms.ToArray()), "pipe.wav");
        Assert.Equal(samples, wav.Interleaved);
    }

    [Fact]
    public void TruncatedData_FromAPipe_IsAnError()
    {
        byte[] file = new WavBytes().Chunk("fmt ", WavBytes.Fmt(1, 1, 8000, 16))
            .Chunk("data", WavBytes.Int16(1, 2, 3), 1000).Build();
        var e = Assert.Throws<AudioDecodingException>(() => WavReader.Read(new PipeStream(file), "pipe.wav"));
        Assert.Contains("truncated", e.Message);
        Assert.Contains("pipe.wav", e.Message);
    }

    [Fact]
    public void AbsurdSampleCount_IsRejectedBeforeAllocating()
    {
        // 8-bit mono claiming 0xFFFFFFF0 samples on a pipe (length unknown): more than 2^31 samples.
        byte[] file = new WavBytes().Chunk("fmt ", WavBytes.Fmt(1, 1, 8000, 8))
            .Chunk("data", [1, 2, 3, 4], 0xFFFFFFF0).Build();
        var e = Assert.Throws<AudioDecodingException>(() => WavReader.Read(new PipeStream(file), "big.wav"));
        Assert.Contains("samples", e.Message);
    }
}
