using Timbre.Dsp;
using Timbre.Inference.Features;
using Timbre.Training.Training;

namespace Timbre.Training.Contrastive;

/// <summary>
/// Cuts one view of a track from <see cref="TrackSpectrograms"/> and distorts it per <see cref="ViewAugmentationOptions"/>:
/// resampled crop (bilinear in frames and bands), gain, EQ, noise floor, another track mixed in — all in decibels —
/// then the package's z-scoring, then time and frequency masks (<see cref="Augmenter"/>). Every draw comes from the
/// caller's <see cref="Random"/>, so a seeded caller gets the same views. Thread-safe (no state changes).
/// </summary>
public sealed class ViewAugmenter
{
    private readonly ViewAugmentationOptions _options;
    private readonly TrackSpectrograms _tracks;
    private readonly Normalization _normalization;
    private readonly AugmentationOptions? _masks;
    private readonly double[] _bandHz;
    private readonly double _melLow;
    private readonly double _melStep;
    private readonly double _bandOffset;
    private readonly int _pool;
    private readonly MelScale _scale;

    /// <summary>Builds the augmenter for <paramref name="tracks"/>, z-scoring views with <paramref name="normalization"/>.</summary>
    public ViewAugmenter(ViewAugmentationOptions options, TrackSpectrograms tracks, Normalization normalization)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Validate();
        _tracks = tracks ?? throw new ArgumentNullException(nameof(tracks));
        _normalization = normalization ?? throw new ArgumentNullException(nameof(normalization));
        _masks = options.TimeMasks > 0 || options.FrequencyMasks > 0
            ? new AugmentationOptions
            {
                TimeMasks = options.TimeMasks,
                MaxTimeMaskWidth = options.MaxTimeMaskWidth,
                FrequencyMasks = options.FrequencyMasks,
                MaxFrequencyMaskWidth = options.MaxFrequencyMaskWidth,
            }
            : null;

        // Mel bands are equally spaced in mel: raw band i is centred at low + (i + 1)·step; a pooled band averages
        // `pool` raw bands, so its centre is low + (j·pool + (pool + 1)/2)·step.
        var mel = tracks.Representation.Spec.MelOptions();
        _scale = mel.Scale;
        _pool = tracks.Representation.Pool;
        _melLow = MelConversions.HzToMel(mel.FMin, _scale);
        _melStep = (MelConversions.HzToMel(mel.EffectiveFMax, _scale) - _melLow) / (mel.NMels + 1);
        _bandOffset = (_pool + 1) / 2.0;
        _bandHz = Enumerable.Range(0, tracks.Rows)
            .Select(j => MelConversions.MelToHz(_melLow + (((j * _pool) + _bandOffset) * _melStep), _scale)).ToArray();
    }

    /// <summary>Values of one view (rows × clip frames).</summary>
    public int ViewSize => _tracks.Rows * _tracks.ClipFrames;

    /// <summary>The model's input shape of one view: (1, rows, clip frames).</summary>
    public int[] ViewShape => [1, _tracks.Rows, _tracks.ClipFrames];

    /// <summary>Writes one augmented, z-scored view of <paramref name="track"/> into <paramref name="view"/>.</summary>
    public void MakeView(int track, Random rng, Span<float> view)
    {
        ArgumentNullException.ThrowIfNull(rng);
        if (view.Length != ViewSize)
        {
            throw new ArgumentException($"A view holds {ViewSize} values; got {view.Length}.", nameof(view));
        }

        int rows = _tracks.Rows, cols = _tracks.ClipFrames;
        double semitones = Uniform(rng, _options.MaxResampleSemitones);
        double rate = Math.Pow(2, semitones / 12);
        Crop(track, rate, rng, view);

        double gain = Uniform(rng, _options.MaxGainDb);
        double tilt = Uniform(rng, _options.MaxEqDb), bell = Uniform(rng, _options.MaxEqDb);
        double bellCentre = rng.NextDouble() * rows, bellWidth = (0.05 + (0.2 * rng.NextDouble())) * rows;
        for (int r = 0; r < rows; r++)
        {
            double x = (r / (double)Math.Max(1, rows - 1)) - 0.5;
            double d = (r - bellCentre) / bellWidth;
            float offset = (float)(gain + (2 * tilt * x) + (bell * Math.Exp(-d * d)));
            foreach (ref float v in view.Slice(r * cols, cols))
            {
                v += offset;
            }
        }

        if (_options.NoiseProbability > 0 && rng.NextDouble() < _options.NoiseProbability)
        {
            float peak = float.MinValue;
            foreach (float v in view)
            {
                peak = Math.Max(peak, v);
            }

            double floor = peak - Between(rng, _options.NoiseBelowPeakDb);
            foreach (ref float v in view)
            {
                v = PowerSum(v, floor + (1.5 * Normal(rng)));
            }
        }

        if (_options.MixProbability > 0 && _tracks.Count > 1 && rng.NextDouble() < _options.MixProbability)
        {
            int other = rng.Next(_tracks.Count - 1);
            other += other >= track ? 1 : 0;
            var mix = new float[ViewSize];
            _tracks.CopyPlain(other, rng.Next(Math.Max(1, _tracks.Frames(other) - cols + 1)), mix);
            double below = Between(rng, _options.MixBelowDb);
            for (int i = 0; i < view.Length; i++)
            {
                view[i] = PowerSum(view[i], mix[i] - below);
            }
        }

        _normalization.Apply(view);
        if (_masks is not null)
        {
            var buffer = view.ToArray();
            new Augmenter(_masks, rng).Apply(buffer, 1, ViewShape, [], 0);
            buffer.CopyTo(view);
        }
    }

    /// <summary>Writes a plain (unaugmented) z-scored view of <paramref name="track"/> from frame <paramref name="start"/>.</summary>
    public void PlainView(int track, int start, Span<float> view)
    {
        _tracks.CopyPlain(track, start, view);
        _normalization.Apply(view);
    }

    // A crop resampled by `rate`: output frame t reads source frame start + t·rate, output band j reads the band whose
    // centre frequency is (band j's) / rate; both bilinear, clamped at the edges.
    private void Crop(int track, double rate, Random rng, Span<float> view)
    {
        int rows = _tracks.Rows, cols = _tracks.ClipFrames, frames = _tracks.Frames(track);
        double span = (cols - 1) * rate;
        int start = rng.Next(Math.Max(1, (int)Math.Floor(frames - 1 - span) + 1));
        Span<int> band0 = stackalloc int[rows];
        Span<float> bandW = stackalloc float[rows];
        for (int j = 0; j < rows; j++)
        {
            double source = rate == 1 ? j : (((MelConversions.HzToMel(_bandHz[j] / rate, _scale) - _melLow) / _melStep) - _bandOffset) / _pool;
            source = Math.Clamp(source, 0, rows - 1);
            band0[j] = Math.Min(rows - 2, (int)source);
            bandW[j] = (float)(source - band0[j]);
        }

        for (int t = 0; t < cols; t++)
        {
            double source = Math.Min(frames - 1, start + (t * rate));
            int f0 = Math.Min(Math.Max(0, frames - 2), (int)source);
            int f1 = Math.Min(frames - 1, f0 + 1);
            float fw = (float)(source - f0);
            for (int j = 0; j < rows; j++)
            {
                int b0 = band0[j], b1 = Math.Min(rows - 1, b0 + 1);
                float low = Lerp(_tracks.At(track, b0, f0), _tracks.At(track, b0, f1), fw);
                float high = Lerp(_tracks.At(track, b1, f0), _tracks.At(track, b1, f1), fw);
                view[(j * cols) + t] = Lerp(low, high, bandW[j]);
            }
        }
    }

    private static float Lerp(float a, float b, float w) => a + ((b - a) * w);

    private static float PowerSum(double aDb, double bDb)
    {
        double hi = Math.Max(aDb, bDb), lo = Math.Min(aDb, bDb);
        return (float)(hi + (10 * Math.Log10(1 + Math.Pow(10, (lo - hi) / 10))));
    }

    private static double Uniform(Random rng, double max) => max == 0 ? 0 : ((rng.NextDouble() * 2) - 1) * max;

    private static double Between(Random rng, (double Min, double Max) range) => range.Min + (rng.NextDouble() * (range.Max - range.Min));

    private static double Normal(Random rng) =>
        Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
}
