using Timbre.Audio.Wav;
using Timbre.Core.Errors;

namespace Timbre.Audio.Tests.Wav;

/// <summary>Inputs scripts/fuzz.sh (target wav) found; each failed before its fix.</summary>
public sealed class WavReaderFuzzRegressionTests
{
    [Fact]
    public void Pipe_whose_data_chunk_claims_2_GB_is_truncated_without_allocating_for_the_claim()
    {
        // afl-fuzz id:000000/1: over a stream that cannot seek, the claimed data size (0x7F000001 bytes of 8-bit
        // audio) sized the sample buffer up front: 8.5 GB rented, or OutOfMemoryException past Array.MaxLength.
        var bytes = new WavBytes()
            .Chunk("fmt ", WavBytes.Fmt(1, 1, 8000, 8))
            .Chunk("data", [0x80, 0x81, 0x82], claimedSize: 0x7F000001)
            .Build();
        long before = GC.GetAllocatedBytesForCurrentThread();

        var e = Assert.Throws<AudioDecodingException>(() => WavReader.ReadMono(new PipeStream(bytes), "pipe.wav"));

        Assert.Contains("truncated", e.Reason);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 16 << 20, "allocated for the claimed size");
    }

    [Fact]
    public void Pipe_with_a_true_data_size_still_reads_every_sample()
    {
        var bytes = new WavBytes()
            .Chunk("fmt ", WavBytes.Fmt(1, 2, 8000, 16))
            .Chunk("data", WavBytes.Int16([.. Enumerable.Range(0, 200_000).Select(i => (short)(i % 1000))]))
            .Build();

        var content = WavReader.Read(new PipeStream(bytes), "pipe.wav");

        Assert.Equal(100_000, content.FrameCount);
        Assert.Equal(999 / 32768f, content.Interleaved[999]);
    }
}
