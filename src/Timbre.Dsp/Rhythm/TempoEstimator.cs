using Timbre.Dsp.Fft;

namespace Timbre.Dsp.Rhythm;

/// <summary>A track's tempo and how strong its beat is.</summary>
/// <param name="Bpm">Tempo in beats per minute; the prior's centre when the envelope has no periodicity (e.g. silence).</param>
/// <param name="PeakStrength">Mean normalised autocorrelation at the tempo's lag, in [0, 1] (1 = perfectly periodic onsets).</param>
/// <param name="PeakContrast">
/// <see cref="PeakStrength"/> minus the mean autocorrelation over lags from half to 1.5 times the tempo lag, in
/// [−1, 1]: high when the beat stands out sharply from the lags around it.
/// </param>
/// <param name="Tempogram">The mean normalised autocorrelation per lag in frames (index 0 = lag 0).</param>
public sealed record TempoEstimate(double Bpm, double PeakStrength, double PeakContrast, double[] Tempogram);

/// <summary>Tempo from the autocorrelation of an onset-strength envelope (librosa <c>feature.tempo</c>). Thread-safe.</summary>
public sealed class TempoEstimator
{
    private readonly RealFft _fft;
    private readonly double[] _window;

    /// <summary>Builds the window and FFT tables; throws if the options are invalid.</summary>
    public TempoEstimator(TempoOptions? options = null)
    {
        Options = options ?? new TempoOptions();
        Options.Validate();
        var size = 1;
        while (size < 2 * Options.WindowFrames - 1)
        {
            size *= 2;
        }

        _fft = new RealFft(size);
        _window = Windows.Create(WindowKind.Hann, Options.WindowFrames, Options.WindowFrames);
    }

    /// <summary>The settings.</summary>
    public TempoOptions Options { get; }

    /// <summary>Estimates the tempo of <paramref name="envelope"/> (one value per frame, <paramref name="frameRate"/> frames/s).</summary>
    public TempoEstimate Estimate(ReadOnlySpan<float> envelope, double frameRate)
    {
        if (!(frameRate > 0) || double.IsInfinity(frameRate))
        {
            throw new ArgumentOutOfRangeException(nameof(frameRate), frameRate, "frame rate must be positive and finite.");
        }

        var tempogram = MeanTempogram(envelope);
        var win = Options.WindowFrames;
        var score = new double[win];
        var best = -1;
        for (var lag = 1; lag < win; lag++)
        {
            var bpm = 60.0 * frameRate / lag;
            if (bpm >= Options.MaxBpm)
            {
                score[lag] = double.NegativeInfinity;
                continue;
            }

            var octaves = (Math.Log2(bpm) - Math.Log2(Options.StartBpm)) / Options.StdOctaves;
            score[lag] = Math.Log(1 + 1e6 * tempogram[lag]) - 0.5 * octaves * octaves;
            if (best < 0 || score[lag] > score[best])
            {
                best = lag;
            }
        }

        if (best < 0)
        {
            throw new ArgumentException($"No lag below {win} frames gives a tempo under {Options.MaxBpm} BPM at {frameRate:0.##} frames/s.", nameof(frameRate));
        }

        var period = (double)best;
        if (Options.Refine && best > 1 && best < win - 1 && !double.IsInfinity(score[best - 1]))
        {
            var (a, b, c) = (score[best - 1], score[best], score[best + 1]);
            var curvature = a - 2 * b + c;
            if (curvature < 0)
            {
                period += Math.Clamp(0.5 * (a - c) / curvature, -0.5, 0.5);
            }
        }

        var peak = tempogram[best];
        var lo = Math.Max(1, (int)Math.Ceiling(best / 2.0));
        var hi = Math.Min(win - 1, (int)Math.Floor(best * 1.5));
        double around = 0;
        for (var lag = lo; lag <= hi; lag++)
        {
            around += tempogram[lag];
        }

        around /= hi - lo + 1;
        return new TempoEstimate(60.0 * frameRate / period, peak, peak - around, tempogram);
    }

    /// <summary>The autocorrelation tempogram averaged over frames (librosa <c>tempogram</c>, norm = ∞, centred).</summary>
    internal double[] MeanTempogram(ReadOnlySpan<float> envelope)
    {
        var win = Options.WindowFrames;
        var n = envelope.Length;
        var mean = new double[win];
        if (n == 0)
        {
            return mean;
        }

        // Centre: pad win/2 frames each side with a linear ramp from 0 to the edge value (numpy "linear_ramp").
        var half = win / 2;
        var padded = new double[n + 2 * half];
        for (var i = 0; i < half; i++)
        {
            padded[i] = envelope[0] * (double)i / half;
            padded[half + n + i] = envelope[n - 1] * (double)(half - 1 - i) / half;
        }

        for (var i = 0; i < n; i++)
        {
            padded[half + i] = envelope[i];
        }

        var size = _fft.Size;
        var fft = _fft.CreateWorker();
        var frame = new double[size];
        var re = new double[fft.BinCount];
        var im = new double[fft.BinCount];
        var count = 0;
        for (var t = 0; t < n; t += Options.Stride)
        {
            Array.Clear(frame);
            for (var i = 0; i < win; i++)
            {
                frame[i] = padded[t + i] * _window[i];
            }

            fft.Forward(frame, re, im);

            // Autocorrelation = inverse DFT of |X|²; |X|² is real and even, so a forward DFT of it gives size × that.
            for (var k = 0; k < re.Length; k++)
            {
                var p = re[k] * re[k] + im[k] * im[k];
                frame[k] = p;
                if (k > 0 && k < size - k)
                {
                    frame[size - k] = p;
                }
            }

            fft.Forward(frame, re, im);
            var peak = 0.0;
            for (var lag = 0; lag < win; lag++)
            {
                peak = Math.Max(peak, Math.Abs(re[lag]));
            }

            count++;
            if (peak <= 0)
            {
                continue;
            }

            for (var lag = 0; lag < win; lag++)
            {
                mean[lag] += re[lag] / peak;
            }
        }

        for (var lag = 0; lag < win; lag++)
        {
            mean[lag] /= count;
        }

        return mean;
    }
}
