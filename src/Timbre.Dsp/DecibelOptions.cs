namespace Timbre.Dsp;

/// <summary>What a dB value is relative to.</summary>
public enum DecibelReference
{
    /// <summary>A fixed value, <see cref="DecibelOptions.RefValue"/> (librosa <c>ref=1.0</c>, the default).</summary>
    Fixed,

    /// <summary>The maximum of the input (librosa <c>ref=np.max</c>).</summary>
    Max,
}

/// <summary>
/// Power-to-decibel settings, librosa's <c>power_to_db</c>: 10·log10(max(amin, S)) − 10·log10(max(amin, ref)),
/// then values below (maximum − top_db) are raised to it. Defaults: ref 1.0, amin 1e-10, top_db 80.
/// torchaudio's <c>AmplitudeToDB("power", top_db=80)</c> computes the same for ref 1.0 (its db_multiplier is
/// log10(ref) = 0 and it clamps to the maximum over the whole spectrogram).
/// </summary>
public sealed record DecibelOptions
{
    /// <summary>Reference kind. Default <see cref="DecibelReference.Fixed"/>.</summary>
    public DecibelReference Reference { get; init; } = DecibelReference.Fixed;

    /// <summary>Reference value when <see cref="Reference"/> is Fixed (&gt; 0). Default 1.0.</summary>
    public double RefValue { get; init; } = 1.0;

    /// <summary>Smallest power considered (&gt; 0). Default 1e-10 (−100 dB).</summary>
    public double Amin { get; init; } = 1e-10;

    /// <summary>Dynamic range kept below the maximum in dB (≥ 0); null keeps everything. Default 80.</summary>
    public double? TopDb { get; init; } = 80.0;

    /// <summary>Throws if a setting is out of range.</summary>
    public void Validate()
    {
        if (!(Amin > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(Amin), Amin, "amin must be strictly positive.");
        }

        if (!(RefValue > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(RefValue), RefValue, "ref must be strictly positive.");
        }

        if (TopDb is { } top && !(top >= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(TopDb), top, "top_db must be non-negative.");
        }

        if (!Enum.IsDefined(Reference))
        {
            throw new ArgumentOutOfRangeException(nameof(Reference), Reference, "Unknown reference kind.");
        }
    }
}
