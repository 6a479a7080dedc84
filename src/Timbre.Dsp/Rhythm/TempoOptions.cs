namespace Timbre.Dsp.Rhythm;

/// <summary>
/// Settings of <see cref="TempoEstimator"/>, librosa's <c>feature.tempo</c> defaults: the mean over frames of the
/// autocorrelation tempogram (windows of <see cref="WindowFrames"/> onset-envelope frames, periodic Hann window,
/// each window's autocorrelation divided by its lag-0 value), weighted by a log-normal prior
/// −½·(log₂(bpm / <see cref="StartBpm"/>) / <see cref="StdOctaves"/>)² and restricted to tempi below
/// <see cref="MaxBpm"/>. Two additions to librosa: the tempogram may be evaluated every <see cref="Stride"/> frames
/// (1 = every frame, as librosa), and the peak lag is refined by parabolic interpolation (<see cref="Refine"/>), so
/// the tempo is not quantised to whole frames (±3 BPM at 120 BPM with a 512-sample hop at 22050 Hz).
/// </summary>
public sealed record TempoOptions
{
    /// <summary>Autocorrelation window in onset-envelope frames (≥ 4; also the longest lag). Default 384 (≈ 8.9 s).</summary>
    public int WindowFrames { get; init; } = 384;

    /// <summary>Centre of the tempo prior, BPM. Default 120.</summary>
    public double StartBpm { get; init; } = 120;

    /// <summary>Width of the tempo prior in octaves. Default 1.</summary>
    public double StdOctaves { get; init; } = 1;

    /// <summary>Tempi at or above this are excluded, BPM. Default 320.</summary>
    public double MaxBpm { get; init; } = 320;

    /// <summary>Evaluate the tempogram every this many frames (≥ 1). Default 1 (every frame, as librosa).</summary>
    public int Stride { get; init; } = 1;

    /// <summary>Refine the best lag by parabolic interpolation of the weighted score. Default true.</summary>
    public bool Refine { get; init; } = true;

    /// <summary>Throws if a setting is out of range.</summary>
    public void Validate()
    {
        if (WindowFrames < 4)
        {
            throw new ArgumentOutOfRangeException(nameof(WindowFrames), WindowFrames, "window must be ≥ 4 frames.");
        }

        if (Stride < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(Stride), Stride, "stride must be ≥ 1.");
        }

        if (!(StartBpm > 0) || double.IsInfinity(StartBpm) || !(StdOctaves > 0) || double.IsInfinity(StdOctaves))
        {
            throw new ArgumentOutOfRangeException(nameof(StartBpm), "start BPM and prior width must be positive and finite.");
        }

        if (!(MaxBpm > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(MaxBpm), MaxBpm, "max BPM must be positive.");
        }
    }
}
