using Timbre.Core.Audio;

namespace Timbre.Audio.Slicing;

/// <summary>Where one clip lies in its track.</summary>
/// <param name="Index">0-based clip number.</param>
/// <param name="Start">First sample in the track.</param>
/// <param name="Length">Clip length in samples (always the full clip length).</param>
/// <param name="ValidLength">How many of those come from the track; the rest are zero padding.</param>
public readonly record struct ClipRange(int Index, int Start, int Length, int ValidLength);

/// <summary>One clip: its place in the track and its samples.</summary>
/// <param name="Range">Where it lies.</param>
/// <param name="Samples">Exactly <see cref="ClipRange.Length"/> samples, zero-padded at the end if needed.</param>
/// <param name="SampleRate">Samples per second.</param>
public sealed record AudioClip(ClipRange Range, float[] Samples, int SampleRate)
{
    /// <summary>Start in seconds.</summary>
    public double StartSeconds => (double)Range.Start / SampleRate;
}

/// <summary>Cuts a track into fixed-length clips at a fixed hop (lengths rounded to whole samples).</summary>
public sealed class ClipSlicer
{
    /// <summary>Creates the slicer.</summary>
    public ClipSlicer(ClipSlicerOptions? options = null)
    {
        Options = options ?? ClipSlicerOptions.Default;
    }

    /// <summary>The settings in use.</summary>
    public ClipSlicerOptions Options { get; }

    /// <summary>Clip length in samples at <paramref name="sampleRate"/>.</summary>
    public int ClipLength(int sampleRate) => Math.Max(1, (int)Math.Round(Options.ClipSeconds * sampleRate));

    /// <summary>Hop in samples at <paramref name="sampleRate"/>.</summary>
    public int HopLength(int sampleRate) => Math.Max(1, (int)Math.Round(Options.HopSeconds * sampleRate));

    /// <summary>The clip positions for a track of <paramref name="sampleCount"/> samples, without copying anything.</summary>
    public IReadOnlyList<ClipRange> Plan(int sampleCount, int sampleRate)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sampleCount);
        ArgumentOutOfRangeException.ThrowIfLessThan(sampleRate, 1);
        int length = ClipLength(sampleRate);
        int hop = HopLength(sampleRate);
        var ranges = new List<ClipRange>();
        long start = 0;
        for (; start + length <= sampleCount; start += hop)
        {
            ranges.Add(new ClipRange(ranges.Count, (int)start, length, length));
        }

        // At most one partial clip, at the next hop, and only when samples after the last whole clip remain.
        bool partialExists = ranges.Count == 0 ? sampleCount > 0 : ranges[^1].Start + (long)length < sampleCount;
        bool keepPartial = Options.Partial == PartialClip.Pad || (Options.PadShort && ranges.Count == 0);
        if (partialExists && keepPartial)
        {
            ranges.Add(new ClipRange(ranges.Count, (int)start, length, (int)(sampleCount - start)));
        }

        return ranges;
    }

    /// <summary>Cuts <paramref name="buffer"/> into clips (each a fresh array).</summary>
    public IReadOnlyList<AudioClip> Slice(AudioBuffer buffer)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        IReadOnlyList<ClipRange> plan = Plan(buffer.Samples.Length, buffer.SampleRate);
        var clips = new AudioClip[plan.Count];
        for (int i = 0; i < clips.Length; i++)
        {
            ClipRange range = plan[i];
            var samples = new float[range.Length];
            buffer.Samples.AsSpan(range.Start, range.ValidLength).CopyTo(samples);
            clips[i] = new AudioClip(range, samples, buffer.SampleRate);
        }

        return clips;
    }
}
