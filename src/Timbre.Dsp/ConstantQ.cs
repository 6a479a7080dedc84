using Timbre.Dsp.Fft;

namespace Timbre.Dsp;

/// <summary>
/// Magnitude constant-Q transform, following librosa's <c>cqt</c>/<c>vqt</c> (0.10): octave by octave from the top,
/// each octave's filters (windowed complex exponentials of length l_k = Q·sr/f_k, divided by their norm, scaled by
/// l_k/n_fft) are applied in the frequency domain to a centred, rectangular-window FFT of one n_fft frame per hop
/// (n_fft = next power of two ≥ the octave's longest filter), summing only the non-negative frequencies as librosa
/// does; the signal is then halved in rate (while the hop stays even) and the next octave computed, the filters
/// rescaled by √(sr/sr_octave); finally bin k is divided by √l_k (<c>scale=True</c>).
/// Deviations from librosa: no tuning estimation (tuning is a setting, default 0); no early downsampling of the
/// whole signal (librosa only does it when the top filter is far below Nyquist, never with the defaults); the
/// between-octave resampler is this library's own zero-phase Kaiser-windowed sinc (after resampy's pre-0.3
/// <c>kaiser_fast</c> parameters; librosa 0.10 defaults to soxr_hq), so the octaves below the top one differ from
/// librosa's by the resamplers' difference: against librosa with <c>res_type="kaiser_fast"</c> (resampy 0.4) within
/// 4 % where |C| ≥ 1e-3 of its peak and 4e-5 of the peak below that, mostly at the first and last frames
/// (TonalReferenceTests). The top octave agrees within 1e-4.
/// Tables are built once; thread-safe.
/// </summary>
public sealed class ConstantQ
{
    private readonly Octave[] _octaves;
    private readonly double[] _outputScale;

    /// <summary>Builds the per-octave filter bases; throws if the options are invalid.</summary>
    public ConstantQ(ConstantQOptions? options = null)
    {
        Options = options ?? new ConstantQOptions();
        Options.Validate();
        var o = Options;
        _outputScale = new double[o.BinCount];
        for (var k = 0; k < o.BinCount; k++)
        {
            _outputScale[k] = o.Scale ? 1.0 / Math.Sqrt(FilterLength(k, o.SampleRate)) : 1.0;
        }

        _octaves = BuildOctaves(o);
    }

    /// <summary>The settings.</summary>
    public ConstantQOptions Options { get; }

    /// <summary>Centre frequency in Hz of each bin (librosa <c>cqt_frequencies</c>).</summary>
    public double[] Frequencies()
    {
        var f = new double[Options.BinCount];
        for (var k = 0; k < f.Length; k++)
        {
            f[k] = Options.Frequency(k);
        }

        return f;
    }

    /// <summary>Filter length in samples of bin <paramref name="bin"/> at the full sample rate, Q·sr/f_k.</summary>
    public double FilterLength(int bin) => FilterLength(bin, Options.SampleRate);

    /// <summary>Number of frames for <paramref name="sampleCount"/> samples: 1 + n/hop (centred frames).</summary>
    public int FrameCount(int sampleCount)
    {
        if (sampleCount < 1)
        {
            throw new ArgumentException("The signal is empty; a constant-Q transform needs at least one sample.", nameof(sampleCount));
        }

        var frames = int.MaxValue;
        var length = sampleCount;
        foreach (var octave in _octaves)
        {
            frames = Math.Min(frames, 1 + length / octave.Hop);
            if (octave.DecimateAfter)
            {
                length = (length + 1) / 2;
            }
        }

        return frames;
    }

    /// <summary>Constant-Q magnitude |C|, BinCount × frames (row 0 is fmin).</summary>
    public FeatureMatrix Compute(ReadOnlySpan<float> samples)
    {
        var frames = FrameCount(samples.Length);
        var result = new FeatureMatrix(Options.BinCount, frames);
        var signal = new double[samples.Length];
        for (var i = 0; i < signal.Length; i++)
        {
            signal[i] = samples[i];
        }

        foreach (var octave in _octaves)
        {
            Respond(octave, signal, frames, result);
            if (octave.DecimateAfter)
            {
                signal = HalfBandDecimator.Decimate(signal);
            }
        }

        return result;
    }

    private double FilterLength(int bin, double rate) => Options.Q * rate / Options.Frequency(bin);

    private void Respond(Octave octave, double[] signal, int frames, FeatureMatrix result)
    {
        var n = octave.NFft;
        var padded = Pad(signal, n / 2, Options.PadMode);
        var fft = octave.Fft.CreateWorker();
        var frame = new double[n];
        var re = new double[n / 2 + 1];
        var im = new double[n / 2 + 1];
        var data = result.Data;
        for (var t = 0; t < frames; t++)
        {
            var start = t * octave.Hop;
            var available = Math.Clamp(padded.Length - start, 0, n);
            padded.AsSpan(start, available).CopyTo(frame);
            frame.AsSpan(available).Clear();
            fft.Forward(frame, re, im);
            for (var b = 0; b < octave.Kernels.Length; b++)
            {
                var kernel = octave.Kernels[b];
                var s = kernel.Start;
                double accRe = 0, accIm = 0;
                for (var j = 0; j < kernel.Re.Length; j++)
                {
                    double kr = kernel.Re[j], ki = kernel.Im[j], xr = re[s + j], xi = im[s + j];
                    accRe += kr * xr - ki * xi;
                    accIm += kr * xi + ki * xr;
                }

                var bin = octave.FirstBin + b;
                data[bin * frames + t] = (float)(Math.Sqrt(accRe * accRe + accIm * accIm) * _outputScale[bin]);
            }
        }
    }

    private static Octave[] BuildOctaves(ConstantQOptions o)
    {
        var nOctaves = (o.BinCount + o.BinsPerOctave - 1) / o.BinsPerOctave;
        var nFilters = Math.Min(o.BinsPerOctave, o.BinCount);
        var octaves = new Octave[nOctaves];
        double rate = o.SampleRate;
        var hop = o.HopLength;
        for (var i = 0; i < nOctaves; i++)
        {
            var end = o.BinCount - nFilters * i;
            var first = Math.Max(0, end - nFilters);
            var decimate = i < nOctaves - 1 && hop % 2 == 0;
            octaves[i] = BuildOctave(o, first, end - first, rate, hop, decimate);
            if (decimate)
            {
                hop /= 2;
                rate /= 2;
            }
        }

        return octaves;
    }

    private static Octave BuildOctave(ConstantQOptions o, int firstBin, int count, double rate, int hop, bool decimate)
    {
        var lengths = new double[count];
        for (var b = 0; b < count; b++)
        {
            lengths[b] = o.Q * rate / o.Frequency(firstBin + b);
        }

        var nFft = (int)Math.Pow(2, Math.Ceiling(Math.Log2(lengths.Max())));
        nFft = Math.Max(nFft, 2);
        var complex = new ComplexFft(nFft);
        var kernels = new Kernel[count];
        var rescale = Math.Sqrt(o.SampleRate / rate);
        for (var b = 0; b < count; b++)
        {
            var f = o.Frequency(firstBin + b);
            var l = lengths[b];
            var t0 = Math.Floor(-l / 2);
            var len = (int)(Math.Floor(l / 2) - t0);
            var window = len == 1 ? [1.0] : Windows.Create(o.Window, len, len);
            var sigRe = new double[len];
            var sigIm = new double[len];
            for (var j = 0; j < len; j++)
            {
                var phase = (t0 + j) * 2 * Math.PI * f / rate;
                sigRe[j] = Math.Cos(phase) * window[j];
                sigIm[j] = Math.Sin(phase) * window[j];
            }

            var norm = o.Norm is { } p ? ComplexNorm(sigRe, sigIm, p) : 1.0;
            var gain = (norm < 1.1754943508222875e-38 ? 1.0 : 1.0 / norm) * l / nFft;
            var re = new double[nFft];
            var im = new double[nFft];
            var offset = (nFft - len) / 2;
            for (var j = 0; j < len; j++)
            {
                re[offset + j] = sigRe[j] * gain;
                im[offset + j] = sigIm[j] * gain;
            }

            complex.Forward(re, im);
            var half = nFft / 2 + 1;
            for (var j = 0; j < half; j++)
            {
                re[j] *= rescale;
                im[j] *= rescale;
            }

            kernels[b] = Sparsify(re.AsSpan(0, half), im.AsSpan(0, half), o.Sparsity);
        }

        return new Octave(firstBin, hop, nFft, new RealFft(nFft), kernels, decimate);
    }

    /// <summary>librosa <c>util.sparsify_rows</c>: drop the smallest entries holding a <paramref name="quantile"/> of the L1 mass.</summary>
    private static Kernel Sparsify(ReadOnlySpan<double> re, ReadOnlySpan<double> im, double quantile)
    {
        var n = re.Length;
        var mags = new double[n];
        var total = 0.0;
        for (var j = 0; j < n; j++)
        {
            mags[j] = Math.Sqrt(re[j] * re[j] + im[j] * im[j]);
            total += mags[j];
        }

        var sorted = (double[])mags.Clone();
        Array.Sort(sorted);
        var threshold = sorted[0];
        var cumulative = 0.0;
        for (var j = 0; j < n; j++)
        {
            cumulative += sorted[j] / total;
            if (!(cumulative < quantile))
            {
                threshold = sorted[j];
                break;
            }
        }

        var lo = 0;
        while (lo < n - 1 && mags[lo] < threshold)
        {
            lo++;
        }

        var hi = n - 1;
        while (hi > lo && mags[hi] < threshold)
        {
            hi--;
        }

        var kre = new double[hi - lo + 1];
        var kim = new double[hi - lo + 1];
        for (var j = lo; j <= hi; j++)
        {
            if (mags[j] >= threshold)
            {
                kre[j - lo] = re[j];
                kim[j - lo] = im[j];
            }
        }

        return new Kernel(lo, kre, kim);
    }

    private static double ComplexNorm(double[] re, double[] im, double p)
    {
        var mags = new double[re.Length];
        for (var j = 0; j < re.Length; j++)
        {
            mags[j] = Math.Sqrt(re[j] * re[j] + im[j] * im[j]);
        }

        return Chroma.Norm(mags, p);
    }

    private static double[] Pad(double[] signal, int pad, PadMode mode)
    {
        var n = signal.Length;
        var result = new double[n + 2 * pad];
        signal.CopyTo(result, pad);
        if (mode == PadMode.Constant || pad == 0)
        {
            return result;
        }

        for (var i = 0; i < pad; i++)
        {
            result[i] = signal[Source(i - pad, n, mode)];
            result[pad + n + i] = signal[Source(n + i, n, mode)];
        }

        return result;
    }

    private static int Source(int position, int n, PadMode mode)
    {
        if (mode == PadMode.Edge || n == 1)
        {
            return Math.Clamp(position, 0, n - 1);
        }

        var period = 2 * (n - 1);
        var p = ((position % period) + period) % period;
        return p < n ? p : period - p;
    }

    private sealed record Kernel(int Start, double[] Re, double[] Im);

    private sealed record Octave(int FirstBin, int Hop, int NFft, RealFft Fft, Kernel[] Kernels, bool DecimateAfter);
}
