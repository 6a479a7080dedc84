using Timbre.Audio.Slicing;
using Timbre.Dsp;
using Timbre.Dsp.Summary;

namespace Timbre.Inference.Features;

/// <summary>
/// Computes one clip's representation as described by a <see cref="FeatureExtractorSpec"/> into a caller's buffer of
/// <see cref="FeatureExtractorSpec.Rows"/> × <see cref="FeatureExtractorSpec.Cols"/> values (row-major). Filter banks
/// are built once; thread-safe.
/// </summary>
public sealed class FeatureExtractor
{
    private readonly MelSpectrogram? _mel;
    private readonly Mfcc? _mfcc;
    private readonly TrackSummary? _summary;

    /// <summary>Builds the extractor; throws <see cref="Core.Errors.InvalidOptionsException"/> for a bad spec.</summary>
    public FeatureExtractor(FeatureExtractorSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        Spec = spec.Validate();
        switch (spec.Kind)
        {
            case FeatureKind.LogMel:
                _mel = new MelSpectrogram(spec.MelOptions());
                break;
            case FeatureKind.Mfcc:
                _mfcc = new Mfcc(spec.MfccOptions());
                break;
            default:
                _summary = new TrackSummary(spec.SummaryOptions());
                break;
        }
    }

    /// <summary>The representation computed.</summary>
    public FeatureExtractorSpec Spec { get; }

    /// <summary>Values per clip.</summary>
    public int ValuesPerClip => Spec.Rows * Spec.Cols;

    /// <summary>
    /// Computes the representation of <paramref name="clip"/> into <paramref name="output"/>. For matrix kinds the clip
    /// must hold exactly <see cref="FeatureExtractorSpec.ClipSamples"/> samples; the summary takes any length ≥ 1.
    /// </summary>
    public void Compute(ReadOnlySpan<float> clip, Span<float> output)
    {
        if (output.Length != ValuesPerClip)
        {
            throw new ArgumentException($"Output holds {output.Length} values, expected {ValuesPerClip}.", nameof(output));
        }

        if (Spec.Kind != FeatureKind.Summary && clip.Length != Spec.ClipSamples)
        {
            throw new ArgumentException($"Clip has {clip.Length} samples, expected {Spec.ClipSamples}.", nameof(clip));
        }

        if (clip.IsEmpty)
        {
            throw new ArgumentException("Clip is empty.", nameof(clip));
        }

        float[] values = Spec.Kind switch
        {
            FeatureKind.LogMel => _mel!.ComputeDb(clip).Data,
            FeatureKind.Mfcc => _mfcc!.Compute(clip).Data,
            _ => _summary!.Compute(clip),
        };
        values.CopyTo(output);
    }

    /// <summary>
    /// Computes the clip <paramref name="range"/> of <paramref name="track"/> (from
    /// <see cref="FeatureExtractorSpec.PlanClips"/>) into <paramref name="output"/>, zero-padding a short clip.
    /// </summary>
    public void Compute(ReadOnlySpan<float> track, ClipRange range, Span<float> output)
    {
        ReadOnlySpan<float> valid = track.Slice(range.Start, range.ValidLength);
        if (range.ValidLength == range.Length)
        {
            Compute(valid, output);
            return;
        }

        var padded = new float[range.Length];
        valid.CopyTo(padded);
        Compute(padded, output);
    }

    /// <summary>Computes the representation of <paramref name="clip"/> into a new array.</summary>
    public float[] Compute(ReadOnlySpan<float> clip)
    {
        var output = new float[ValuesPerClip];
        Compute(clip, output);
        return output;
    }
}
