namespace Timbre.Dsp.Loudness;

/// <summary>
/// Settings of <see cref="LoudnessMeter"/>: ITU-R BS.1770-4 / EBU R128 integrated loudness (K-weighting, 400 ms
/// blocks overlapping by 75 %, absolute gate −70 LUFS, relative gate −10 LU) and EBU Tech 3342 loudness range
/// (3 s short-term blocks every 100 ms, absolute gate −70 LUFS, relative gate −20 LU, 10th to 95th percentile).
/// Every default is the standard's.
/// </summary>
public sealed record LoudnessOptions
{
    /// <summary>Gating block length, seconds, a whole number of steps. Default 0.4.</summary>
    public double BlockSeconds { get; init; } = 0.4;

    /// <summary>Short-term window length, seconds, a whole number of steps. Default 3.</summary>
    public double ShortTermSeconds { get; init; } = 3;

    /// <summary>Step between consecutive blocks and short-term windows, seconds. Default 0.1 (75 % overlap of 400 ms).</summary>
    public double StepSeconds { get; init; } = 0.1;

    /// <summary>Absolute gate, LUFS. Also the floor reported when no block passes it (e.g. silence). Default −70.</summary>
    public double AbsoluteGateLufs { get; init; } = -70;

    /// <summary>Relative gate of the integrated loudness, LU below the absolute-gated mean. Default −10.</summary>
    public double RelativeGateLu { get; init; } = -10;

    /// <summary>Relative gate of the loudness range, LU below the absolute-gated short-term mean. Default −20.</summary>
    public double RangeRelativeGateLu { get; init; } = -20;

    /// <summary>Lower percentile of the loudness range, in (0, 100). Default 10.</summary>
    public double RangeLowPercentile { get; init; } = 10;

    /// <summary>Upper percentile of the loudness range, in (low, 100). Default 95.</summary>
    public double RangeHighPercentile { get; init; } = 95;

    /// <summary>Gating block length in steps.</summary>
    public int BlockSteps => (int)Math.Round(BlockSeconds / StepSeconds);

    /// <summary>Short-term window length in steps.</summary>
    public int ShortTermSteps => (int)Math.Round(ShortTermSeconds / StepSeconds);

    /// <summary>Throws if a setting is out of range.</summary>
    public void Validate()
    {
        if (!(BlockSeconds > 0) || !(ShortTermSeconds > 0) || !(StepSeconds > 0)
            || double.IsInfinity(BlockSeconds) || double.IsInfinity(ShortTermSeconds) || double.IsInfinity(StepSeconds))
        {
            throw new ArgumentOutOfRangeException(nameof(BlockSeconds), "block, short-term and step lengths must be positive and finite.");
        }

        if (Math.Abs(BlockSteps * StepSeconds - BlockSeconds) > 1e-9 || Math.Abs(ShortTermSteps * StepSeconds - ShortTermSeconds) > 1e-9
            || BlockSteps < 1 || ShortTermSteps < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(StepSeconds), StepSeconds, "block and short-term lengths must be whole multiples of the step.");
        }

        if (!(RelativeGateLu <= 0) || !(RangeRelativeGateLu <= 0) || double.IsNaN(AbsoluteGateLufs) || double.IsInfinity(AbsoluteGateLufs))
        {
            throw new ArgumentOutOfRangeException(nameof(RelativeGateLu), "relative gates must be ≤ 0 LU and the absolute gate finite.");
        }

        if (!(RangeLowPercentile > 0) || !(RangeHighPercentile > RangeLowPercentile) || !(RangeHighPercentile < 100))
        {
            throw new ArgumentOutOfRangeException(nameof(RangeLowPercentile), "percentiles must satisfy 0 < low < high < 100.");
        }
    }
}
