using System.Text.Json;
using Timbre.Core.Errors;

namespace Timbre.Inference.Features;

/// <summary>
/// Per-row z-scoring of a rows × cols clip matrix (a row is a mel band, an MFCC coefficient or a summary dimension):
/// <c>(x − mean[row]) / std[row]</c>, with statistics over every training value of that row. Rows with a standard
/// deviation below 1e-6 are only centred. Stored in a package as <see cref="FileName"/>.
/// </summary>
/// <param name="Rows">Rows per clip.</param>
/// <param name="Cols">Columns per clip.</param>
/// <param name="Mean">Mean of each row.</param>
/// <param name="Std">Standard deviation of each row (≥ 1e-6 after fitting).</param>
public sealed record Normalization(int Rows, int Cols, float[] Mean, float[] Std)
{
    /// <summary>File name inside a model package.</summary>
    public const string FileName = "normalization.json";

    /// <summary>Fits the statistics on <paramref name="clipCount"/> clips read by <paramref name="copyClip"/>.</summary>
    public static Normalization Fit(int rows, int cols, int clipCount, Action<int, float[]> copyClip)
    {
        ArgumentNullException.ThrowIfNull(copyClip);
        if (clipCount < 1)
        {
            throw new InvalidOptionsException("Normalisation needs at least one training clip.");
        }

        var sum = new double[rows];
        var sumSquares = new double[rows];
        var buffer = new float[rows * cols];
        for (int i = 0; i < clipCount; i++)
        {
            copyClip(i, buffer);
            for (int r = 0; r < rows; r++)
            {
                foreach (float v in buffer.AsSpan(r * cols, cols))
                {
                    sum[r] += v;
                    sumSquares[r] += (double)v * v;
                }
            }
        }

        double n = (double)clipCount * cols;
        var mean = new float[rows];
        var std = new float[rows];
        for (int r = 0; r < rows; r++)
        {
            double m = sum[r] / n;
            mean[r] = (float)m;
            std[r] = (float)Math.Max(1e-6, Math.Sqrt(Math.Max(0, (sumSquares[r] / n) - (m * m))));
        }

        return new Normalization(rows, cols, mean, std);
    }

    /// <summary>Z-scores one clip in place.</summary>
    public void Apply(Span<float> clip)
    {
        if (clip.Length != Rows * Cols)
        {
            throw new ArgumentException($"A clip has {Rows * Cols} values; got {clip.Length}.", nameof(clip));
        }

        for (int r = 0; r < Rows; r++)
        {
            float m = Mean[r];
            float inv = 1f / Std[r];
            foreach (ref float v in clip.Slice(r * Cols, Cols))
            {
                v = (v - m) * inv;
            }
        }
    }

    /// <summary>Writes the statistics to <paramref name="directory"/>/<see cref="FileName"/>.</summary>
    public void Save(string directory) =>
        File.WriteAllText(Path.Combine(directory, FileName), JsonSerializer.Serialize(this));

    /// <summary>Reads the statistics from a package directory.</summary>
    /// <exception cref="ModelPackageException">Missing or unreadable file.</exception>
    public static Normalization Load(string directory)
    {
        string path = Path.Combine(directory, FileName);
        if (!File.Exists(path))
        {
            throw new ModelPackageException(directory, $"no {FileName}; the package was not made by timbre train.");
        }

        try
        {
            var n = JsonSerializer.Deserialize<Normalization>(File.ReadAllText(path));
            if (n is null || n.Mean is null || n.Std is null || n.Mean.Length != n.Rows || n.Std.Length != n.Rows)
            {
                throw new ModelPackageException(directory, $"{FileName} is incomplete.");
            }

            return n;
        }
        catch (JsonException e)
        {
            throw new ModelPackageException(directory, $"{FileName} is corrupt ({e.Message}).", e);
        }
    }
}
