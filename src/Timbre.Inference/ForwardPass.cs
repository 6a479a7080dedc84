using Timbre.Models.Common;
using static TorchSharp.torch;

namespace Timbre.Inference;

/// <summary>What one pass over N samples gives.</summary>
/// <param name="Probabilities">Class probabilities [N, classes] (softmax, or per-class sigmoid for multi-label);
/// [N, 0] for a model without a classifier.</param>
/// <param name="Embeddings">Embeddings [N, model.EmbeddingSize].</param>
public sealed record ForwardOutputs(float[,] Probabilities, float[,] Embeddings);

/// <summary>
/// Batched, gradient-free runs of a trained model on row-major samples. <see cref="Run"/> calls the network once per
/// batch (<see cref="TimbreModel.ForwardWithEmbedding"/>) and keeps both the probabilities and the embeddings;
/// <see cref="Predict"/> and <see cref="Embed"/> keep one of them (training's evaluation and the contrastive encoder).
/// </summary>
public static class ForwardPass
{
    /// <summary>Samples per batch unless told otherwise.</summary>
    public const int DefaultBatchSize = 50;

    /// <summary>Probabilities and embeddings of the N samples of <paramref name="sampleShape"/> in <paramref name="features"/>.</summary>
    public static ForwardOutputs Run(TimbreModel model, float[] features, int[] sampleShape, bool multiLabel = false, int batchSize = DefaultBatchSize)
    {
        ArgumentNullException.ThrowIfNull(model);
        var outputs = Batched(model, features, sampleShape, batchSize, 2, x =>
        {
            var (logits, embedding) = model.ForwardWithEmbedding(x);
            return [Activate(logits, multiLabel), embedding];
        });
        return new ForwardOutputs(outputs[0], outputs[1]);
    }

    /// <summary>Class probabilities [N, classes] only (softmax, or per-class sigmoid when <paramref name="multiLabel"/>).</summary>
    public static float[,] Predict(TimbreModel model, float[] features, int[] sampleShape, bool multiLabel = false, int batchSize = DefaultBatchSize)
    {
        ArgumentNullException.ThrowIfNull(model);
        return Batched(model, features, sampleShape, batchSize, 1, x => [Activate(model.forward(x), multiLabel)])[0];
    }

    /// <summary>Embeddings [N, model.EmbeddingSize] only (the vectors before the classification layer).</summary>
    public static float[,] Embed(TimbreModel model, float[] features, int[] sampleShape, int batchSize = DefaultBatchSize)
    {
        ArgumentNullException.ThrowIfNull(model);
        return Batched(model, features, sampleShape, batchSize, 1, x => [model.Embed(x)])[0];
    }

    /// <summary>Softmax over classes, or per-class sigmoid when <paramref name="multiLabel"/>; an empty (N, 0) stays empty.</summary>
    public static Tensor Activate(Tensor logits, bool multiLabel)
    {
        ArgumentNullException.ThrowIfNull(logits);
        return logits.shape[1] == 0 ? logits : multiLabel ? logits.sigmoid() : logits.softmax(1);
    }

    /// <summary>
    /// Runs <paramref name="step"/> on batches of <paramref name="features"/> (eval mode, no gradients, one dispose
    /// scope per batch) and gathers each of its <paramref name="outputCount"/> (N, width) outputs into a matrix; the
    /// model's mode is restored.
    /// </summary>
    internal static float[][,] Batched(TimbreModel model, float[] features, int[] sampleShape, int batchSize, int outputCount, Func<Tensor, Tensor[]> step)
    {
        int size = sampleShape.Aggregate(1, (a, b) => a * b);
        if (size == 0 || features.Length % size != 0)
        {
            throw new ArgumentException($"Features length {features.Length} is not a multiple of the sample size {size}.", nameof(features));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        int n = features.Length / size;
        bool wasTraining = model.training;
        model.eval();
        using var noGrad = no_grad();
        float[][,]? results = null;
        for (int start = 0; start < n; start += batchSize)
        {
            using var scope = NewDisposeScope();
            int count = Math.Min(batchSize, n - start);
            Tensor x = tensor(features.AsSpan(start * size, count * size).ToArray(), [count, .. sampleShape.Select(d => (long)d)]);
            Tensor[] outputs = step(x);
            results ??= outputs.Select(o => new float[n, (int)o.shape[1]]).ToArray();
            for (int k = 0; k < outputs.Length; k++)
            {
                Copy(outputs[k].contiguous(), results[k], start);
            }
        }

        model.train(wasTraining);
        return results ?? [.. Enumerable.Range(0, outputCount).Select(_ => new float[0, 0])];
    }

    private static void Copy(Tensor output, float[,] result, int start)
    {
        int count = (int)output.shape[0], width = (int)output.shape[1];
        if (width == 0)
        {
            return;
        }

        float[] values = output.data<float>().ToArray();
        for (int i = 0; i < count; i++)
        {
            for (int j = 0; j < width; j++)
            {
                result[start + i, j] = values[(i * width) + j];
            }
        }
    }
}
