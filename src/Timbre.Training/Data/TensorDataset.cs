using Timbre.Core.Errors;
using static TorchSharp.torch;

namespace Timbre.Training.Data;

/// <summary>
/// In-memory samples for training: features as one row-major float array (N × product of <see cref="SampleShape"/>),
/// the per-sample shape ((1, H, W) for spectrograms with H frequency bins and W frames, or (length) for vectors),
/// and either integer labels (single-label) or multi-hot targets (N × classes, multi-label).
/// </summary>
public sealed class TensorDataset
{
    /// <summary>Creates a single-label dataset; labels are in [0, <paramref name="classes"/>).</summary>
    public TensorDataset(float[] features, int[] sampleShape, int[] labels, int classes)
        : this(features, sampleShape, labels.Length, classes)
    {
        foreach (int label in labels)
        {
            if (label < 0 || label >= classes)
            {
                throw new InvalidOptionsException($"Label {label} is outside [0, {classes}).");
            }
        }

        Labels = labels;
    }

    /// <summary>Creates a multi-label dataset; <paramref name="targets"/> holds N × classes values in [0, 1].</summary>
    public TensorDataset(float[] features, int[] sampleShape, float[] targets, int classes)
        : this(features, sampleShape, targets.Length / Math.Max(1, classes), classes)
    {
        if (targets.Length != Count * classes)
        {
            throw new InvalidOptionsException($"Targets length {targets.Length} is not a multiple of {classes} classes.");
        }

        Targets = targets;
    }

    private TensorDataset(float[] features, int[] sampleShape, int count, int classes)
    {
        if (classes < 2)
        {
            throw new InvalidOptionsException($"A dataset needs at least 2 classes (got {classes}).");
        }

        SampleSize = sampleShape.Aggregate(1, (a, b) => a * b);
        if (sampleShape.Length == 0 || sampleShape.Any(d => d < 1) || features.Length != count * SampleSize)
        {
            throw new InvalidOptionsException(
                $"Features length {features.Length} does not equal {count} samples × shape ({string.Join(", ", sampleShape)}).");
        }

        Features = features;
        SampleShape = sampleShape;
        Count = count;
        Classes = classes;
    }

    /// <summary>Row-major features, <see cref="Count"/> × <see cref="SampleSize"/>.</summary>
    public float[] Features { get; }

    /// <summary>Shape of one sample.</summary>
    public int[] SampleShape { get; }

    /// <summary>Values per sample.</summary>
    public int SampleSize { get; }

    /// <summary>Number of samples.</summary>
    public int Count { get; }

    /// <summary>Number of classes.</summary>
    public int Classes { get; }

    /// <summary>Integer labels (single-label datasets), else null.</summary>
    public int[]? Labels { get; }

    /// <summary>Multi-hot targets, N × classes (multi-label datasets), else null.</summary>
    public float[]? Targets { get; }

    /// <summary>True when the dataset holds multi-hot targets.</summary>
    public bool MultiLabel => Targets is not null;

    /// <summary>The samples at <paramref name="indices"/> as a new dataset (copies).</summary>
    public TensorDataset Subset(IReadOnlyList<int> indices)
    {
        var features = new float[indices.Count * SampleSize];
        for (int i = 0; i < indices.Count; i++)
        {
            Features.AsSpan(indices[i] * SampleSize, SampleSize).CopyTo(features.AsSpan(i * SampleSize));
        }

        if (Labels is not null)
        {
            return new TensorDataset(features, SampleShape, indices.Select(i => Labels[i]).ToArray(), Classes);
        }

        var targets = new float[indices.Count * Classes];
        for (int i = 0; i < indices.Count; i++)
        {
            Targets!.AsSpan(indices[i] * Classes, Classes).CopyTo(targets.AsSpan(i * Classes));
        }

        return new TensorDataset(features, SampleShape, targets, Classes);
    }

    /// <summary>Copies the features of <paramref name="indices"/> into a new batch buffer.</summary>
    public float[] GatherFeatures(ReadOnlySpan<int> indices)
    {
        var buffer = new float[indices.Length * SampleSize];
        for (int i = 0; i < indices.Length; i++)
        {
            Features.AsSpan(indices[i] * SampleSize, SampleSize).CopyTo(buffer.AsSpan(i * SampleSize));
        }

        return buffer;
    }

    /// <summary>Multi-hot or one-hot targets of <paramref name="indices"/> (N × classes).</summary>
    public float[] GatherTargets(ReadOnlySpan<int> indices)
    {
        var buffer = new float[indices.Length * Classes];
        for (int i = 0; i < indices.Length; i++)
        {
            if (Labels is not null)
            {
                buffer[(i * Classes) + Labels[indices[i]]] = 1f;
            }
            else
            {
                Targets!.AsSpan(indices[i] * Classes, Classes).CopyTo(buffer.AsSpan(i * Classes));
            }
        }

        return buffer;
    }

    /// <summary>The batch features as a tensor (N, sample shape…).</summary>
    public Tensor ToTensor(float[] batch, int n) => tensor(batch, [n, .. SampleShape.Select(d => (long)d)]);

    /// <summary>Indices 0..N−1 shuffled by <paramref name="rng"/> and cut into batches (the last may be smaller).</summary>
    public IEnumerable<int[]> ShuffledBatches(int batchSize, Random? rng)
    {
        int[] order = Enumerable.Range(0, Count).ToArray();
        rng?.Shuffle(order);
        for (int start = 0; start < order.Length; start += batchSize)
        {
            yield return order[start..Math.Min(order.Length, start + batchSize)];
        }
    }
}
