using System.IO.Pipes;
using System.Runtime.InteropServices;
using Timbre.Audio.Ffmpeg;

namespace Timbre.Audio.Tests;

/// <summary>
/// The window's receive path: samples read straight from the tool's pipe equal the bytes sent however the reads split
/// them, a quota is never overrun, a trailing partial sample is dropped, buffers come back from the pool, and the pipe
/// is widened on Linux.
/// </summary>
public sealed class WindowSamplesTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(7)]
    [InlineData(4099)]
    public void ReadFrom_GivesTheSentFloats_WhateverTheReadSizes(int chunk)
    {
        var sent = Enumerable.Range(0, 10_007).Select(i => MathF.Sin(i * 0.01f) * (i % 3 == 0 ? -1 : 1)).ToArray();
        using var samples = new WindowSamples(initialCapacity: 100, cap: 1 << 20);
        using var stream = new TrickleStream(MemoryMarshal.AsBytes(sent.AsSpan()).ToArray(), chunk);
        while (samples.ReadFrom(stream, samples.Remaining) > 0)
        {
        }

        Assert.Equal(sent, samples.ToArray());
    }

    [Fact]
    public void ReadFrom_StopsAtTheLimit_AndLeavesTheRestInTheStream()
    {
        var sent = Enumerable.Range(0, 1000).Select(i => (float)i).ToArray();
        using var samples = new WindowSamples(initialCapacity: 10, cap: 250);
        using var stream = new TrickleStream(MemoryMarshal.AsBytes(sent.AsSpan()).ToArray(), 6);
        var taken = 0;
        while (taken < 100)
        {
            taken += samples.ReadFrom(stream, 100 - taken);
        }

        Assert.Equal(100, taken);
        Assert.Equal(sent[..100], samples.ToArray());
        Assert.Equal(sent.Length * 4 - 400, stream.Length - stream.Position);
        Assert.Equal(150, samples.Remaining);
        Assert.Throws<ArgumentOutOfRangeException>(() => samples.ReadFrom(stream, 151));
        Assert.Throws<ArgumentOutOfRangeException>(() => samples.ReadFrom(stream, 0));
    }

    [Fact]
    public void ReadFrom_DropsATrailingPartialSample()
    {
        byte[] bytes = [.. MemoryMarshal.AsBytes(new[] { 1f, 2f }.AsSpan()), 0x00, 0x00, 0x80];
        using var samples = new WindowSamples(initialCapacity: 8, cap: 8);
        using var stream = new TrickleStream(bytes, 5);
        while (samples.ReadFrom(stream, samples.Remaining) > 0)
        {
        }

        Assert.Equal([1f, 2f], samples.ToArray());
    }

    [Fact]
    public void PooledBuffers_NeverShowThroughHandedOutArrays()
    {
        float[] first;
        using (var samples = new WindowSamples(initialCapacity: 3000, cap: 3000))
        {
            samples.Append([1f, 2f]);
            first = samples.ToArray();
        }

        // The pool hands out the smallest buffer that fits; a fresh window sees only what it appends.
        using var again = new WindowSamples(initialCapacity: 3000, cap: 3000);
        again.Append([5f]);
        Assert.Equal([5f], again.ToArray());
        Assert.Equal([1f, 2f], first);
    }

    [Fact]
    public void TryWiden_GrowsAPipeOnLinux()
    {
        using var server = new AnonymousPipeServerStream(PipeDirection.In);
        Assert.Equal(OperatingSystem.IsLinux(), PipeCapacity.TryWiden(server));
        using var memory = new MemoryStream();
        Assert.False(PipeCapacity.TryWiden(memory));
    }

    /// <summary>A stream that returns at most <c>chunk</c> bytes per read.</summary>
    private sealed class TrickleStream(byte[] bytes, int chunk) : MemoryStream(bytes)
    {
        public override int Read(Span<byte> buffer) => base.Read(buffer[..Math.Min(buffer.Length, chunk)]);

        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, chunk));
    }
}
