using Timbre.Core.Errors;

namespace Timbre.Audio.Resampling;

/// <summary>
/// Settings of the windowed-sinc (Kaiser) resampler; the defaults are torchaudio's <c>sinc_interp_kaiser</c> with
/// librosa's "kaiser_best"-like beta. Each value is checked when set.
/// </summary>
public sealed record ResamplerOptions
{
    /// <summary>Zero crossings of the sinc on each side of the centre (filter sharpness), 1 … 64. Default 6.</summary>
    public int LowpassFilterWidth
    {
        get;
        init => field = value is >= 1 and <= 64
            ? value
            : throw new InvalidOptionsException($"LowpassFilterWidth must be in 1..64, got {value}.");
    } = 6;

    /// <summary>Cut-off as a fraction of the lower Nyquist frequency, in (0, 1]. Default 0.99.</summary>
    public double Rolloff
    {
        get;
        init => field = value is > 0 and <= 1
            ? value
            : throw new InvalidOptionsException($"Rolloff must be in (0, 1], got {value}.");
    } = 0.99;

    /// <summary>Kaiser window shape parameter, 0 … 50. Default 14.769656459379492 (torchaudio's default).</summary>
    public double Beta
    {
        get;
        init => field = value is >= 0 and <= 50
            ? value
            : throw new InvalidOptionsException($"Beta must be in 0..50, got {value}.");
    } = 14.769656459379492;

    /// <summary>The defaults.</summary>
    public static ResamplerOptions Default { get; } = new();
}
