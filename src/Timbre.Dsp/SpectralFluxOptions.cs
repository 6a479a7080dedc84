namespace Timbre.Dsp;

/// <summary>
/// Settings of <see cref="SpectralFlux"/>: the Euclidean distance between consecutive magnitude spectra (Essentia
/// <c>Flux</c>, norm L2), each spectrum first scaled to unit L2 norm by default so the flux measures how much the
/// spectral shape changes, not how loud the track is.
/// </summary>
public sealed record SpectralFluxOptions
{
    /// <summary>Scale each frame's magnitude spectrum to unit L2 norm first (flux then lies in [0, √2]). Default true.</summary>
    public bool Normalize { get; init; } = true;

    /// <summary>Count only increases of magnitude (half-wave rectified difference). Default false.</summary>
    public bool HalfRectify { get; init; }

    /// <summary>Frames whose L2 norm is at most this are treated as silent (zero spectrum). Default 1e-10.</summary>
    public double SilenceNorm { get; init; } = 1e-10;

    /// <summary>Throws if a setting is out of range.</summary>
    public void Validate()
    {
        if (!(SilenceNorm >= 0) || double.IsInfinity(SilenceNorm))
        {
            throw new ArgumentOutOfRangeException(nameof(SilenceNorm), SilenceNorm, "silence norm must be finite and ≥ 0.");
        }
    }
}
