namespace Timbre.Dsp;

/// <summary>
/// Zero-crossing-rate settings, librosa's <c>feature.zero_crossing_rate</c>: frames of 2048 samples every 512,
/// centred by repeating the edge samples (librosa pads with mode "edge" here), values with |x| ≤ 1e-10 count as 0,
/// and 0 counts as positive.
/// </summary>
public sealed record ZeroCrossingOptions
{
    /// <summary>Frame length in samples (≥ 2). Default 2048.</summary>
    public int FrameLength { get; init; } = 2048;

    /// <summary>Hop in samples (≥ 1). Default 512.</summary>
    public int HopLength { get; init; } = 512;

    /// <summary>Centre frames (pad FrameLength/2 edge samples on both sides). Default true.</summary>
    public bool Center { get; init; } = true;

    /// <summary>Magnitudes ≤ this are treated as zero (≥ 0). Default 1e-10 (librosa <c>zero_crossings</c>).</summary>
    public double Threshold { get; init; } = 1e-10;

    /// <summary>If true (default) zero counts as positive (sign bit test); else zero is a sign of its own.</summary>
    public bool ZeroPositive { get; init; } = true;

    /// <summary>Throws if a setting is out of range.</summary>
    public void Validate()
    {
        if (FrameLength < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(FrameLength), FrameLength, "frame_length must be at least 2.");
        }

        if (HopLength < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(HopLength), HopLength, "hop_length must be at least 1.");
        }

        if (!(Threshold >= 0) || double.IsInfinity(Threshold))
        {
            throw new ArgumentOutOfRangeException(nameof(Threshold), Threshold, "threshold must be a finite number ≥ 0.");
        }
    }
}

/// <summary>
/// RMS settings, librosa's <c>feature.rms</c> on a signal: frames of 2048 samples every 512, centred with zero
/// padding (librosa's default pad_mode "constant").
/// </summary>
public sealed record RmsOptions
{
    /// <summary>Frame length in samples (≥ 1). Default 2048.</summary>
    public int FrameLength { get; init; } = 2048;

    /// <summary>Hop in samples (≥ 1). Default 512.</summary>
    public int HopLength { get; init; } = 512;

    /// <summary>Centre frames. Default true.</summary>
    public bool Center { get; init; } = true;

    /// <summary>Padding when centred. Default <see cref="PadMode.Constant"/>.</summary>
    public PadMode PadMode { get; init; } = PadMode.Constant;

    /// <summary>Throws if a setting is out of range.</summary>
    public void Validate()
    {
        if (FrameLength < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(FrameLength), FrameLength, "frame_length must be at least 1.");
        }

        if (HopLength < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(HopLength), HopLength, "hop_length must be at least 1.");
        }

        if (!Enum.IsDefined(PadMode))
        {
            throw new ArgumentOutOfRangeException(nameof(PadMode), PadMode, "Unknown pad mode.");
        }
    }
}
