using Timbre.Core.Errors;

namespace Timbre.Web.Catalog;

/// <summary>Settings of <see cref="CatalogBackend"/>.</summary>
public sealed record CatalogBackendOptions
{
    /// <summary>Seconds of audio the spectrogram image covers, from the start (only these are decoded). Default 30.</summary>
    public double SpectrogramSeconds { get; init; } = 30;

    /// <summary>Sample rate the spectrogram is computed at (Hz). Default 22050.</summary>
    public int SpectrogramSampleRate { get; init; } = 22050;

    /// <summary>Mel bands of the spectrogram image. Default 96.</summary>
    public int SpectrogramMelBands { get; init; } = 96;

    /// <summary>Throws <see cref="InvalidOptionsException"/> when a value is out of range.</summary>
    public CatalogBackendOptions Validate()
    {
        if (!(SpectrogramSeconds > 0 && SpectrogramSeconds <= 600))
        {
            throw new InvalidOptionsException($"Spectrogram seconds must be in (0, 600], got {SpectrogramSeconds}.");
        }

        if (SpectrogramSampleRate < 8000 || SpectrogramMelBands < 8)
        {
            throw new InvalidOptionsException("Spectrogram sample rate must be ≥ 8000 Hz and mel bands ≥ 8.");
        }

        return this;
    }
}
