using Timbre.Models.Common;
using Timbre.Training.Data;
using static TorchSharp.torch;

namespace Timbre.Training.Training;

/// <summary>Batched, gradient-free use of a trained model on row-major features.</summary>
public static class Inference
{
    /// <summary>
    /// Class probabilities [N, classes]: softmax of the logits, or per-class sigmoid when <paramref name="multiLabel"/>.
    /// <paramref name="features"/> holds N samples of <paramref name="sampleShape"/>.
    /// </summary>
    public static float[,] Predict(TimbreModel model, float[] features, int[] sampleShape, bool multiLabel = false, int batchSize = 50) =>
        Run(model, features, sampleShape, batchSize, x =>
        {
            Tensor logits = model.forward(x);
            return multiLabel ? logits.sigmoid() : logits.softmax(1);
        });

    /// <summary>Embeddings [N, model.EmbeddingSize] (the vectors before the classification layer).</summary>
    public static float[,] Embed(TimbreModel model, float[] features, int[] sampleShape, int batchSize = 50) =>
        Run(model, features, sampleShape, batchSize, model.Embed);

    /// <summary>Probabilities for every sample of <paramref name="data"/>.</summary>
    public static float[,] Predict(TimbreModel model, TensorDataset data, int batchSize = 50) =>
        Predict(model, data.Features, data.SampleShape, data.MultiLabel, batchSize);

    private static float[,] Run(TimbreModel model, float[] features, int[] sampleShape, int batchSize, Func<Tensor, Tensor> step)
    {
        int size = sampleShape.Aggregate(1, (a, b) => a * b);
        if (size == 0 || features.Length % size != 0)
        {
            throw new ArgumentException($"Features length {features.Length} is not a multiple of the sample size {size}.", nameof(features));
        }

        int n = features.Length / size;
        bool wasTraining = model.training;
        model.eval();
        using var noGrad = no_grad();
        float[,]? result = null;
        for (int start = 0; start < n; start += batchSize)
        {
            using var scope = NewDisposeScope();
            int count = Math.Min(batchSize, n - start);
            Tensor x = tensor(features.AsSpan(start * size, count * size).ToArray(), [count, .. sampleShape.Select(d => (long)d)]);
            Tensor output = step(x).contiguous();
            int width = (int)output.shape[1];
            result ??= new float[n, width];
            float[] values = output.data<float>().ToArray();
            for (int i = 0; i < count; i++)
            {
                for (int j = 0; j < width; j++)
                {
                    result[start + i, j] = values[(i * width) + j];
                }
            }
        }

        model.train(wasTraining);
        return result ?? new float[0, 0];
    }
}
