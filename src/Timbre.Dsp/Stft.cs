using Timbre.Dsp.Fft;

namespace Timbre.Dsp;

/// <summary>
/// Short-time Fourier transform of a mono signal. The window and FFT tables are built once per instance; an
/// instance may be used from several threads (each call makes its own scratch buffers). Frames are transformed in
/// double, or in float with <see cref="StftOptions.SinglePrecisionFft"/>; the power spectrum handed on per frame, and
/// the results, are float.
/// </summary>
public sealed class Stft
{
    private readonly RealFft _fft;
    private readonly double[] _window;
    private readonly RealFftSingle? _fft32;
    private readonly float[] _window32;

    /// <summary>Builds the window and FFT tables; throws if the options are invalid.</summary>
    public Stft(StftOptions? options = null)
    {
        Options = options ?? new StftOptions();
        Options.Validate();
        _fft = new RealFft(Options.NFft);
        _window = Windows.Create(Options.Window, Options.EffectiveWinLength, Options.NFft);
        _window32 = Array.ConvertAll(_window, w => (float)w);
        _fft32 = Options.SinglePrecisionFft && RealFftSingle.IsSupported(Options.NFft) ? new RealFftSingle(Options.NFft) : null;
    }

    /// <summary>Receives the power spectrum |X[k]|² (k = 0 … n_fft/2) of one frame, rounded to float.</summary>
    internal delegate void FrameHandler(int frame, ReadOnlySpan<float> powerSpectrum);

    /// <summary>The settings.</summary>
    public StftOptions Options { get; }

    /// <summary>Number of frequency bins, n_fft/2 + 1.</summary>
    public int BinCount => Options.BinCount;

    /// <summary>Number of frames for a signal of <paramref name="sampleCount"/> samples.</summary>
    public int FrameCount(int sampleCount) =>
        Framing.FrameCount(sampleCount, Options.NFft, Options.HopLength, Options.Center);

    /// <summary>Centre frequency in Hz of each bin: k·sr/n_fft (librosa <c>fft_frequencies</c>).</summary>
    public double[] BinFrequencies(int sampleRate)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sampleRate, 1);
        var freqs = new double[BinCount];
        for (var k = 0; k < freqs.Length; k++)
        {
            freqs[k] = (double)k * sampleRate / Options.NFft;
        }

        return freqs;
    }

    /// <summary>Power spectrogram |X|², BinCount × frames.</summary>
    public FeatureMatrix Power(ReadOnlySpan<float> samples) => Spectrogram(samples, 2.0);

    /// <summary>Magnitude spectrogram |X|, BinCount × frames.</summary>
    public FeatureMatrix Magnitude(ReadOnlySpan<float> samples) => Spectrogram(samples, 1.0);

    /// <summary>Spectrogram |X|^<paramref name="power"/>, BinCount × frames.</summary>
    public FeatureMatrix Spectrogram(ReadOnlySpan<float> samples, double power)
    {
        if (!(power > 0) || double.IsInfinity(power))
        {
            throw new ArgumentOutOfRangeException(nameof(power), power, "power must be a positive finite number.");
        }

        var frames = FrameCount(samples.Length);
        var result = new FeatureMatrix(BinCount, frames);
        var data = result.Data;
        ForEachFrame(samples, (t, spectrum) =>
        {
            for (var k = 0; k < spectrum.Length; k++)
            {
                var p = spectrum[k];
                data[k * frames + t] = (float)(power == 2.0 ? p : power == 1.0 ? Math.Sqrt(p) : Math.Pow(p, power / 2));
            }
        });
        return result;
    }

    /// <summary>Calls <paramref name="handler"/> once per frame (possibly concurrently when Options.Parallel).</summary>
    internal void ForEachFrame(ReadOnlySpan<float> samples, FrameHandler handler)
    {
        var o = Options;
        var frames = FrameCount(samples.Length);
        var pad = o.Center ? o.NFft / 2 : 0;
        if (!o.Parallel || frames < 16)
        {
            RunFrames(new PaddedView(samples, pad, o.PadMode), 0, frames, _fft.CreateWorker(), handler);
            return;
        }

        var padded = o.Center ? Framing.Pad(samples, pad, o.PadMode) : samples.ToArray();
        var chunks = Math.Min(frames, Environment.ProcessorCount * 4);
        System.Threading.Tasks.Parallel.For(0, chunks, c =>
        {
            var start = (int)((long)frames * c / chunks);
            var end = (int)((long)frames * (c + 1) / chunks);
            RunFrames(new PaddedView(padded, 0, o.PadMode), start, end, _fft.CreateWorker(), handler);
        });
    }

    /// <summary>
    /// Calls <paramref name="handler"/> once per column of an already computed power spectrogram (BinCount rows),
    /// one column at a time.
    /// </summary>
    internal static void ForEachColumn(FeatureMatrix power, int binCount, FrameHandler handler)
    {
        ArgumentNullException.ThrowIfNull(power);
        if (power.Rows != binCount)
        {
            throw new ArgumentException($"Expected a power spectrogram with {binCount} bins, got {power.Rows} rows.", nameof(power));
        }

        var frames = power.Cols;
        var column = new float[binCount];
        var data = power.Data;
        for (var t = 0; t < frames; t++)
        {
            for (var k = 0; k < binCount; k++)
            {
                column[k] = data[k * frames + t];
            }

            handler(t, column);
        }
    }

    private void RunFrames(PaddedView padded, int start, int end, RealFft fft, FrameHandler handler)
    {
        var n = Options.NFft;
        var hop = Options.HopLength;
        var re = new double[BinCount];
        var im = new double[BinCount];
        var power = new float[BinCount];
        var scratch = new float[n];
        var window = _window;
        var single = _fft32?.CreateWorker();
        for (var t = start; t < end; t++)
        {
            var frame = padded.Slice(t * hop, n, scratch);
            if (single is not null)
            {
                single.PowerWindowed(frame, _window32, power);
            }
            else
            {
                fft.ForwardWindowed(frame, window, re, im);
                PowerOf(re, im, power);
            }

            handler(t, power);
        }
    }

    /// <summary>power[k] = (float)(re[k]² + im[k]²) (vectorised, bit-identical to the scalar formula).</summary>
    internal static void PowerOf(ReadOnlySpan<double> re, ReadOnlySpan<double> im, Span<float> power)
    {
        var width = Vector<double>.Count;
        var k = 0;
        for (; k + 2 * width <= power.Length; k += 2 * width)
        {
            var r0 = new Vector<double>(re.Slice(k, width));
            var i0 = new Vector<double>(im.Slice(k, width));
            var r1 = new Vector<double>(re.Slice(k + width, width));
            var i1 = new Vector<double>(im.Slice(k + width, width));
            Vector.Narrow(r0 * r0 + i0 * i0, r1 * r1 + i1 * i1).CopyTo(power.Slice(k, 2 * width));
        }

        for (; k < power.Length; k++)
        {
            power[k] = (float)(re[k] * re[k] + im[k] * im[k]);
        }
    }
}
