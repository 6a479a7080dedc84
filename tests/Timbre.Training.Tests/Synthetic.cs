using Timbre.Training.Data;

namespace Timbre.Training.Tests;

/// <summary>Tiny seeded datasets with patterns a small network can tell apart.</summary>
internal static class Synthetic
{
    /// <summary>3 classes on 1×16×16: low band, high band, vertical stripes; plus Gaussian noise.</summary>
    public static TensorDataset Patterns(int perClass, int seed, float noise = 0.5f)
    {
        var rng = new Random(seed);
        int n = perClass * 3, h = 16, w = 16;
        var x = new float[n * h * w];
        var y = new int[n];
        for (int i = 0; i < n; i++)
        {
            int label = i % 3;
            y[i] = label;
            for (int r = 0; r < h; r++)
            {
                for (int c = 0; c < w; c++)
                {
                    float v = label switch
                    {
                        0 => r < 5 ? 1f : 0f,
                        1 => r > 10 ? 1f : 0f,
                        _ => c % 4 == 0 ? 1f : 0f,
                    };
                    x[(i * h * w) + (r * w) + c] = v + (noise * Gaussian(rng));
                }
            }
        }

        return new TensorDataset(x, [1, h, w], y, 3);
    }

    /// <summary>Vectors of length 20: class k has mean +1.5 on coordinates 5k..5k+4.</summary>
    public static TensorDataset Vectors(int perClass, int seed, int classes = 3)
    {
        var rng = new Random(seed);
        int n = perClass * classes, length = 20;
        var x = new float[n * length];
        var y = new int[n];
        for (int i = 0; i < n; i++)
        {
            y[i] = i % classes;
            for (int j = 0; j < length; j++)
            {
                x[(i * length) + j] = Gaussian(rng) + (j / 5 == y[i] ? 1.5f : 0f);
            }
        }

        return new TensorDataset(x, [length], y, classes);
    }

    /// <summary>Multi-label vectors: each of 3 tags present with p = 0.5; present tag k lifts coordinates 5k..5k+4.</summary>
    public static TensorDataset MultiLabel(int n, int seed)
    {
        var rng = new Random(seed);
        int length = 15;
        var x = new float[n * length];
        var t = new float[n * 3];
        for (int i = 0; i < n; i++)
        {
            for (int k = 0; k < 3; k++)
            {
                t[(i * 3) + k] = rng.NextDouble() < 0.5 ? 1f : 0f;
            }

            for (int j = 0; j < length; j++)
            {
                x[(i * length) + j] = (0.5f * Gaussian(rng)) + (2f * t[(i * 3) + (j / 5)]);
            }
        }

        return new TensorDataset(x, [length], t, 3);
    }

    public static float Gaussian(Random rng) =>
        (float)(Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble()));
}
