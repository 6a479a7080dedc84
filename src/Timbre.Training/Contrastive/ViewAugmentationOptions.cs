using Timbre.Core.Errors;

namespace Timbre.Training.Contrastive;

/// <summary>
/// How one view (a crop of a track) is distorted before the encoder sees it. Everything works on the stored log-mel
/// decibels, before z-scoring, so each change is what it would be on the audio: a gain is a constant dB offset, an EQ
/// a smooth curve over the mel bands, a resampling by factor r stretches time by 1/r and moves every frequency by ×r,
/// noise and another track add power. Masks (SpecAugment) are applied after z-scoring. Zero switches a change off.
/// </summary>
public sealed record ViewAugmentationOptions
{
    /// <summary>Gain uniform in ±this many dB. Default 6.</summary>
    public double MaxGainDb { get; init; } = 6;

    /// <summary>EQ: a random tilt plus a random bell, each up to ±this many dB across the bands. Default 6.</summary>
    public double MaxEqDb { get; init; } = 6;

    /// <summary>Resampling (pitch and tempo together) by up to ±this many semitones. Default 1.</summary>
    public double MaxResampleSemitones { get; init; } = 1;

    /// <summary>Probability of a noise floor. Default 0.5.</summary>
    public double NoiseProbability { get; init; } = 0.5;

    /// <summary>The noise floor lies this many dB (uniform range) below the crop's loudest value. Default 25–50.</summary>
    public (double Min, double Max) NoiseBelowPeakDb { get; init; } = (25, 50);

    /// <summary>Probability of mixing in a crop of another track. Default 0.5.</summary>
    public double MixProbability { get; init; } = 0.5;

    /// <summary>The other track is mixed this many dB (uniform range) below the view. Default 10–20.</summary>
    public (double Min, double Max) MixBelowDb { get; init; } = (10, 20);

    /// <summary>Time masks per view (after z-scoring, filled with the view's mean). Default 2.</summary>
    public int TimeMasks { get; init; } = 2;

    /// <summary>Widest time mask in (pooled) frames. Default 8.</summary>
    public int MaxTimeMaskWidth { get; init; } = 8;

    /// <summary>Frequency masks per view. Default 2.</summary>
    public int FrequencyMasks { get; init; } = 2;

    /// <summary>Widest frequency mask in (pooled) bands. Default 6.</summary>
    public int MaxFrequencyMaskWidth { get; init; } = 6;

    /// <summary>No distortion at all: plain crops (what the encoder sees at inference).</summary>
    public static ViewAugmentationOptions None { get; } = new()
    {
        MaxGainDb = 0, MaxEqDb = 0, MaxResampleSemitones = 0, NoiseProbability = 0, MixProbability = 0, TimeMasks = 0, FrequencyMasks = 0,
    };

    /// <summary>Throws <see cref="InvalidOptionsException"/> for a negative amount, a probability outside [0, 1] or resampling beyond ±4 semitones.</summary>
    public ViewAugmentationOptions Validate()
    {
        if (MaxGainDb < 0 || MaxEqDb < 0 || TimeMasks < 0 || FrequencyMasks < 0 || MaxTimeMaskWidth < 0 || MaxFrequencyMaskWidth < 0
            || NoiseBelowPeakDb.Min < 0 || NoiseBelowPeakDb.Max < NoiseBelowPeakDb.Min || MixBelowDb.Min < 0 || MixBelowDb.Max < MixBelowDb.Min)
        {
            throw new InvalidOptionsException("Augmentation amounts must be non-negative and ranges ordered (min ≤ max).");
        }

        if (NoiseProbability is < 0 or > 1 || MixProbability is < 0 or > 1)
        {
            throw new InvalidOptionsException("Augmentation probabilities must be in [0, 1].");
        }

        if (MaxResampleSemitones is < 0 or > 4)
        {
            throw new InvalidOptionsException($"Resampling must stay within ±4 semitones; got {MaxResampleSemitones}.");
        }

        return this;
    }
}
