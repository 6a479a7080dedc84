using Timbre.Core.Errors;

namespace Timbre.Audio.Resampling;

/// <summary>
/// Settings of the windowed-sinc (Kaiser) resampler, torchaudio's <c>sinc_interp_kaiser</c> kernel. The defaults are
/// librosa's "kaiser_best" (64 zero crossings, rolloff 0.9476, beta 14.77: more than 60 dB of alias rejection);
/// <see cref="Fast"/> is torchaudio's default (6 zero crossings, rolloff 0.99: about 10× cheaper, about 30 dB).
/// Each value is checked when set.
/// </summary>
public sealed record ResamplerOptions
{
    /// <summary>Zero crossings of the sinc on each side of the centre (filter sharpness), 1 … 256. Default 64.</summary>
    public int LowpassFilterWidth
    {
        get;
        init => field = value is >= 1 and <= 256
            ? value
            : throw new InvalidOptionsException($"LowpassFilterWidth must be in 1..256, got {value}.");
    } = 64;

    /// <summary>Cut-off as a fraction of the lower Nyquist frequency, in (0, 1]. Default 0.9475937167399596.</summary>
    public double Rolloff
    {
        get;
        init => field = value is > 0 and <= 1
            ? value
            : throw new InvalidOptionsException($"Rolloff must be in (0, 1], got {value}.");
    } = 0.9475937167399596;

    /// <summary>Kaiser window shape parameter, 0 … 50. Default 14.769656459379492 (torchaudio's default).</summary>
    public double Beta
    {
        get;
        init => field = value is >= 0 and <= 50
            ? value
            : throw new InvalidOptionsException($"Beta must be in 0..50, got {value}.");
    } = 14.769656459379492;

    /// <summary>The defaults (librosa's "kaiser_best").</summary>
    public static ResamplerOptions Default { get; } = new();

    /// <summary>torchaudio's default resampling: 6 zero crossings, rolloff 0.99.</summary>
    public static ResamplerOptions Fast { get; } = new() { LowpassFilterWidth = 6, Rolloff = 0.99 };
}
