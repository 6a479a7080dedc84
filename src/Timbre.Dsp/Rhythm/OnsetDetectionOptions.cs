namespace Timbre.Dsp.Rhythm;

/// <summary>
/// Settings of <see cref="OnsetDetection"/>, librosa's <c>onset.onset_detect</c> defaults: the envelope is scaled
/// to [0, 1], then a frame is an onset when it is the maximum of the frames from <see cref="PreMaxSeconds"/> before to
/// <see cref="PostMaxSeconds"/> after it (plus one frame), exceeds the mean of the frames from
/// <see cref="PreAvgSeconds"/> before to <see cref="PostAvgSeconds"/> after it (plus one frame) by
/// <see cref="Delta"/>, and comes more than <see cref="WaitSeconds"/> after the previous onset. Seconds are turned
/// into whole frames by flooring (seconds × frame rate).
/// </summary>
public sealed record OnsetDetectionOptions
{
    /// <summary>Look-back of the local maximum, seconds ≥ 0. Default 0.03.</summary>
    public double PreMaxSeconds { get; init; } = 0.03;

    /// <summary>Look-ahead of the local maximum, seconds ≥ 0 (one frame is added). Default 0.</summary>
    public double PostMaxSeconds { get; init; }

    /// <summary>Look-back of the local mean, seconds ≥ 0. Default 0.1.</summary>
    public double PreAvgSeconds { get; init; } = 0.1;

    /// <summary>Look-ahead of the local mean, seconds ≥ 0 (one frame is added). Default 0.1.</summary>
    public double PostAvgSeconds { get; init; } = 0.1;

    /// <summary>Margin over the local mean, in units of the [0, 1]-scaled envelope. Default 0.07.</summary>
    public double Delta { get; init; } = 0.07;

    /// <summary>Least time between onsets, seconds ≥ 0. Default 0.03.</summary>
    public double WaitSeconds { get; init; } = 0.03;

    /// <summary>Throws if a setting is out of range.</summary>
    public void Validate()
    {
        foreach (var (name, value) in new[]
        {
            (nameof(PreMaxSeconds), PreMaxSeconds), (nameof(PostMaxSeconds), PostMaxSeconds),
            (nameof(PreAvgSeconds), PreAvgSeconds), (nameof(PostAvgSeconds), PostAvgSeconds),
            (nameof(WaitSeconds), WaitSeconds), (nameof(Delta), Delta),
        })
        {
            if (!(value >= 0) || double.IsInfinity(value))
            {
                throw new ArgumentOutOfRangeException(name, value, "must be finite and ≥ 0.");
            }
        }
    }
}
