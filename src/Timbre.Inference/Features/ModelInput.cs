using Timbre.Core.Analysis;
using Timbre.Core.Errors;

namespace Timbre.Inference.Features;

/// <summary>
/// What a model is fed, computed once for training and serving alike: a track cut by
/// <see cref="FeatureExtractorSpec.PlanClips"/>, each clip through the <see cref="FeatureExtractor"/>, pooled to the
/// model sample (<see cref="Representation.ToSample"/>) and z-scored (<see cref="Normalization.Apply"/>). Training reads
/// the raw clips from its feature cache and calls <see cref="FromRaw"/>; serving calls <see cref="FromAudio"/>, which
/// runs the same steps on decoded samples. Thread-safe.
/// </summary>
public sealed class ModelInput
{
    /// <summary>
    /// Version of this input pipeline (slicing, features, pooling, z-scoring), written into every package manifest
    /// and reported as the analyzer's feature version. Bump it when any of those steps changes.
    /// </summary>
    public const int Version = 1;

    /// <summary>The version of packages written before manifests recorded one: the pipeline of <see cref="Version"/> 1.</summary>
    public const int UnrecordedVersion = 1;

    private readonly FeatureExtractor _extractor;

    /// <summary>Builds the input pipeline of a representation and its training-set z-scoring.</summary>
    /// <exception cref="InvalidOptionsException">The statistics do not fit the representation's samples.</exception>
    public ModelInput(Representation representation, Normalization normalization)
    {
        Representation = representation ?? throw new ArgumentNullException(nameof(representation));
        Normalization = normalization ?? throw new ArgumentNullException(nameof(normalization));
        if (normalization.Rows != representation.SampleRows || normalization.Cols != representation.SampleCols)
        {
            throw new InvalidOptionsException($"{Normalization.FileName} is for {normalization.Rows}×{normalization.Cols} samples, the model takes {representation.SampleRows}×{representation.SampleCols}.");
        }

        _extractor = new FeatureExtractor(representation.Spec);
    }

    /// <summary>Input representation.</summary>
    public Representation Representation { get; }

    /// <summary>Training-set z-scoring.</summary>
    public Normalization Normalization { get; }

    /// <summary>Turns one raw clip (the extractor's output) into a z-scored model sample.</summary>
    public void FromRaw(ReadOnlySpan<float> raw, Span<float> sample)
    {
        Representation.ToSample(raw, sample);
        Normalization.Apply(sample);
    }

    /// <summary>
    /// The z-scored model samples of every clip of <paramref name="samples"/> (mono, at the representation's rate),
    /// laid end to end: whole clips at the clip hop, a track shorter than one clip zero-padded to one clip; the summary
    /// representation takes the whole track.
    /// </summary>
    /// <exception cref="AnalysisException">No samples.</exception>
    public (float[] Features, int Clips) FromAudio(ReadOnlySpan<float> samples)
    {
        if (samples.Length == 0)
        {
            throw new AnalysisException("no audio samples");
        }

        var plan = Representation.Spec.PlanClips(samples.Length, padShort: true);
        int size = Representation.SampleSize;
        var raw = new float[_extractor.ValuesPerClip];
        var features = new float[plan.Count * size];
        for (int c = 0; c < plan.Count; c++)
        {
            _extractor.Compute(samples, plan[c], raw);
            FromRaw(raw, features.AsSpan(c * size, size));
        }

        return (features, plan.Count);
    }
}
