using Timbre.Core.Errors;

namespace Timbre.Training.Training;

/// <summary>
/// Batch augmentation. Time shift and the SpecAugment masks need spectrogram samples (1, H, W) (H frequency, W frames);
/// gain and mixup work on any sample. All draws come from the trainer's seeded RNG.
/// </summary>
public sealed record AugmentationOptions
{
    /// <summary>Circularly shift each sample by up to this many frames either way. Default 0 (off).</summary>
    public int MaxTimeShift { get; init; }

    /// <summary>Add a per-sample offset uniform in ±this value (a gain change in dB for log spectrograms). Default 0.</summary>
    public float MaxGain { get; init; }

    /// <summary>Mixup: α of the Beta(α, α) mixing weight; 0 disables. Default 0.</summary>
    public double MixupAlpha { get; init; }

    /// <summary>SpecAugment time masks per sample. Default 0.</summary>
    public int TimeMasks { get; init; }

    /// <summary>Widest time mask in frames. Default 10.</summary>
    public int MaxTimeMaskWidth { get; init; } = 10;

    /// <summary>SpecAugment frequency masks per sample. Default 0.</summary>
    public int FrequencyMasks { get; init; }

    /// <summary>Widest frequency mask in bins. Default 8.</summary>
    public int MaxFrequencyMaskWidth { get; init; } = 8;

    /// <summary>Throws <see cref="InvalidOptionsException"/> when a value is outside its documented range.</summary>
    public void Validate()
    {
        if (MaxTimeShift < 0 || MaxGain < 0 || MixupAlpha < 0 || TimeMasks < 0 || FrequencyMasks < 0
            || MaxTimeMaskWidth < 0 || MaxFrequencyMaskWidth < 0)
        {
            throw new InvalidOptionsException("Augmentation settings must not be negative.");
        }
    }
}
