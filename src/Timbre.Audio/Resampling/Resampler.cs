using System.Numerics.Tensors;
using Timbre.Core.Audio;

namespace Timbre.Audio.Resampling;

/// <summary>
/// Band-limited resampling by a Kaiser-windowed sinc, the same kernel as torchaudio's <c>resample</c>
/// (<c>sinc_interp_kaiser</c>): the rates are reduced by their gcd, one filter phase per output position in a period,
/// output length <c>ceil(n · to / from)</c>. Phases are built once in the constructor (sparse: only the
/// <c>2·width + 1</c> taps where the windowed sinc is non-zero), so one instance resamples many signals quickly and is
/// safe to share between threads.
/// </summary>
public sealed class Resampler
{
    private const long MaxTableSize = 1 << 24;

    private readonly int _orig;
    private readonly int _new;
    private readonly int _width;
    private readonly int _taps;
    private readonly double _baseFreq;
    private readonly ResamplerOptions _options;
    private readonly float[]? _table;
    private readonly int[] _first;

    /// <summary>Builds the filter bank for <paramref name="fromRate"/> → <paramref name="toRate"/> Hz.</summary>
    public Resampler(int fromRate, int toRate, ResamplerOptions? options = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(fromRate, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(toRate, 1);
        FromRate = fromRate;
        ToRate = toRate;
        _options = options ?? ResamplerOptions.Default;
        int gcd = Gcd(fromRate, toRate);
        _orig = fromRate / gcd;
        _new = toRate / gcd;
        _baseFreq = Math.Min(_orig, _new) * _options.Rolloff;
        _width = (int)Math.Ceiling(_options.LowpassFilterWidth * _orig / _baseFreq);
        _taps = 2 * _width + 1;
        _first = new int[_new];
        for (int p = 0; p < _new; p++)
        {
            _first[p] = (int)((long)p * _orig / _new);
        }

        if ((long)_new * _taps <= MaxTableSize)
        {
            _table = new float[_new * _taps];
            for (int p = 0; p < _new; p++)
            {
                ComputeTaps(p, _table.AsSpan(p * _taps, _taps));
            }
        }
    }

    /// <summary>Input rate, Hz.</summary>
    public int FromRate { get; }

    /// <summary>Output rate, Hz.</summary>
    public int ToRate { get; }

    /// <summary>Output samples for <paramref name="inputLength"/> input samples: <c>ceil(n · to / from)</c>.</summary>
    public int OutputLength(int inputLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(inputLength);
        long n = ((long)inputLength * _new + _orig - 1) / _orig;
        return n <= Array.MaxLength ? (int)n : throw new ArgumentOutOfRangeException(nameof(inputLength));
    }

    /// <summary>Resamples <paramref name="input"/> into a new array of <see cref="OutputLength"/> samples.</summary>
    public float[] Process(ReadOnlySpan<float> input)
    {
        var output = new float[OutputLength(input.Length)];
        Process(input, output);
        return output;
    }

    /// <summary>Resamples <paramref name="input"/> into <paramref name="output"/> (exactly <see cref="OutputLength"/> long).</summary>
    public void Process(ReadOnlySpan<float> input, Span<float> output)
    {
        int outLength = OutputLength(input.Length);
        if (output.Length != outLength)
        {
            throw new ArgumentException($"Output must hold {outLength} samples, got {output.Length}.", nameof(output));
        }

        if (_orig == _new)
        {
            input.CopyTo(output);
            return;
        }

        // Zero-padded copy: x[i] sits at padded[i + width].
        int paddedLength = input.Length + 2 * _width + _orig + _taps;
        float[] padded = System.Buffers.ArrayPool<float>.Shared.Rent(paddedLength);
        float[]? scratch = _table is null ? new float[_taps] : null;
        try
        {
            Span<float> xp = padded.AsSpan(0, paddedLength);
            xp.Clear();
            input.CopyTo(xp[_width..]);
            int j = 0;
            for (long block = 0; j < outLength; block++)
            {
                long start = block * _orig;
                for (int p = 0; p < _new && j < outLength; p++, j++)
                {
                    ReadOnlySpan<float> taps;
                    if (_table is not null)
                    {
                        taps = _table.AsSpan(p * _taps, _taps);
                    }
                    else
                    {
                        ComputeTaps(p, scratch);
                        taps = scratch;
                    }

                    output[j] = TensorPrimitives.Dot(taps, xp.Slice((int)(start + _first[p]), _taps));
                }
            }
        }
        finally
        {
            System.Buffers.ArrayPool<float>.Shared.Return(padded);
        }
    }

    /// <summary>Resamples a buffer to <paramref name="toRate"/> (returns it unchanged when the rates match).</summary>
    public static AudioBuffer Resample(AudioBuffer buffer, int toRate, ResamplerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        return buffer.SampleRate == toRate
            ? buffer
            : new AudioBuffer(new Resampler(buffer.SampleRate, toRate, options).Process(buffer.Samples), toRate);
    }

    /// <summary>torchaudio's kernel row for phase <paramref name="phase"/>, restricted to its non-zero taps.</summary>
    private void ComputeTaps(int phase, Span<float> taps)
    {
        double lpw = _options.LowpassFilterWidth;
        double beta = _options.Beta;
        double i0Beta = BesselI0(beta);
        double scale = _baseFreq / _orig;
        for (int i = 0; i < taps.Length; i++)
        {
            int k = _first[phase] + i;
            double t = ((double)(k - _width) / _orig - (double)phase / _new) * _baseFreq;
            t = Math.Clamp(t, -lpw, lpw);
            double ratio = t / lpw;
            double window = BesselI0(beta * Math.Sqrt(Math.Max(0, 1 - ratio * ratio))) / i0Beta;
            double x = t * Math.PI;
            double sinc = x == 0 ? 1 : Math.Sin(x) / x;
            taps[i] = (float)(sinc * window * scale);
        }
    }

    /// <summary>
    /// Modified Bessel function of the first kind, order 0: Abramowitz &amp; Stegun 9.8.1 / 9.8.2, relative error below
    /// 2e-7 (finer than the float taps it feeds) and a few times cheaper than the power series.
    /// </summary>
    internal static double BesselI0(double x)
    {
        double ax = Math.Abs(x);
        if (ax < 3.75)
        {
            double y = x / 3.75;
            y *= y;
            return 1.0 + y * (3.5156229 + y * (3.0899424 + y * (1.2067492 + y * (0.2659732 + y * (0.0360768 + y * 0.0045813)))));
        }

        double z = 3.75 / ax;
        return Math.Exp(ax) / Math.Sqrt(ax) * (0.39894228 + z * (0.01328592 + z * (0.00225319 + z * (-0.00157565
            + z * (0.00916281 + z * (-0.02057706 + z * (0.02635537 + z * (-0.01647633 + z * 0.00392377))))))));
    }

    private static int Gcd(int a, int b)
    {
        while (b != 0)
        {
            (a, b) = (b, a % b);
        }

        return a;
    }
}
