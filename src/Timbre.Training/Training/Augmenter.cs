namespace Timbre.Training.Training;

/// <summary>Applies <see cref="AugmentationOptions"/> in place to a batch buffer (N × sample) and its targets (N × classes).</summary>
public sealed class Augmenter
{
    private readonly AugmentationOptions _options;
    private readonly Random _rng;

    /// <summary>Creates the augmenter drawing from <paramref name="rng"/>.</summary>
    public Augmenter(AugmentationOptions options, Random rng)
    {
        options.Validate();
        _options = options;
        _rng = rng;
    }

    /// <summary>Augments <paramref name="batch"/> (n samples of <paramref name="sampleShape"/>) and mixes <paramref name="targets"/>.</summary>
    public void Apply(float[] batch, int n, int[] sampleShape, float[] targets, int classes)
    {
        int size = batch.Length / n;
        bool spectrogram = sampleShape.Length == 3;
        int height = spectrogram ? sampleShape[1] : 1;
        int width = spectrogram ? sampleShape[2] : size;
        for (int i = 0; i < n; i++)
        {
            var sample = batch.AsSpan(i * size, size);
            if (spectrogram && _options.MaxTimeShift > 0)
            {
                Shift(sample, sampleShape[0] * height, width, _rng.Next(-_options.MaxTimeShift, _options.MaxTimeShift + 1));
            }

            if (_options.MaxGain > 0)
            {
                float gain = (float)(((_rng.NextDouble() * 2) - 1) * _options.MaxGain);
                for (int j = 0; j < sample.Length; j++)
                {
                    sample[j] += gain;
                }
            }

            if (spectrogram && (_options.TimeMasks > 0 || _options.FrequencyMasks > 0))
            {
                Mask(sample, sampleShape[0], height, width);
            }
        }

        if (_options.MixupAlpha > 0 && n > 1)
        {
            Mixup(batch, n, size, targets, classes);
        }
    }

    private static void Shift(Span<float> sample, int rows, int width, int shift)
    {
        if (shift == 0)
        {
            return;
        }

        var row = new float[width];
        for (int r = 0; r < rows; r++)
        {
            var line = sample.Slice(r * width, width);
            for (int t = 0; t < width; t++)
            {
                row[(((t + shift) % width) + width) % width] = line[t];
            }

            row.CopyTo(line);
        }
    }

    private void Mask(Span<float> sample, int channels, int height, int width)
    {
        float mean = 0;
        foreach (float v in sample)
        {
            mean += v;
        }

        mean /= sample.Length;
        for (int m = 0; m < _options.TimeMasks; m++)
        {
            int w = _rng.Next(0, Math.Min(_options.MaxTimeMaskWidth, width) + 1);
            int start = _rng.Next(0, width - w + 1);
            for (int c = 0; c < channels * height; c++)
            {
                sample.Slice((c * width) + start, w).Fill(mean);
            }
        }

        for (int m = 0; m < _options.FrequencyMasks; m++)
        {
            int h = _rng.Next(0, Math.Min(_options.MaxFrequencyMaskWidth, height) + 1);
            int start = _rng.Next(0, height - h + 1);
            for (int c = 0; c < channels; c++)
            {
                sample.Slice(((c * height) + start) * width, h * width).Fill(mean);
            }
        }
    }

    private void Mixup(float[] batch, int n, int size, float[] targets, int classes)
    {
        double lambda = SampleBeta(_options.MixupAlpha);
        int[] partner = Enumerable.Range(0, n).ToArray();
        _rng.Shuffle(partner);
        float[] x = (float[])batch.Clone();
        float[] y = (float[])targets.Clone();
        float a = (float)lambda, b = 1 - a;
        for (int i = 0; i < n; i++)
        {
            int j = partner[i];
            for (int k = 0; k < size; k++)
            {
                batch[(i * size) + k] = (a * x[(i * size) + k]) + (b * x[(j * size) + k]);
            }

            for (int c = 0; c < classes; c++)
            {
                targets[(i * classes) + c] = (a * y[(i * classes) + c]) + (b * y[(j * classes) + c]);
            }
        }
    }

    private double SampleBeta(double alpha)
    {
        double x = SampleGamma(alpha), y = SampleGamma(alpha);
        return x + y > 0 ? x / (x + y) : 0.5;
    }

    // Marsaglia–Tsang, with the α < 1 boost Gamma(α) = Gamma(α + 1) · U^(1/α).
    private double SampleGamma(double alpha)
    {
        if (alpha < 1)
        {
            return SampleGamma(alpha + 1) * Math.Pow(1 - _rng.NextDouble(), 1 / alpha);
        }

        double d = alpha - (1.0 / 3), c = 1 / Math.Sqrt(9 * d);
        while (true)
        {
            double z = Normal(), v = Math.Pow(1 + (c * z), 3);
            if (v <= 0)
            {
                continue;
            }

            double u = 1 - _rng.NextDouble();
            if (Math.Log(u) < (0.5 * z * z) + d - (d * v) + (d * Math.Log(v)))
            {
                return d * v;
            }
        }
    }

    private double Normal() =>
        Math.Sqrt(-2 * Math.Log(1 - _rng.NextDouble())) * Math.Cos(2 * Math.PI * _rng.NextDouble());
}
