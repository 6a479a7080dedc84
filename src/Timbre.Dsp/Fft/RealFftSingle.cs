using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Timbre.Dsp.Fft;

/// <summary>
/// Power spectrum |X[k]|² (k = 0 … n/2) of a windowed real frame in float, for power-of-two n ≥ 64 on AVX-512: the
/// frame is packed into m = n/2 complex values (even samples real, odd imaginary), transformed by radix-2 Stockham
/// passes (natural order, no bit reversal; 16 lanes per vector in every pass, strides below 16 interleaved by
/// permutes) and unpacked into the n/2 + 1 bins. Errors are float's, about 1e-7 of the frame's largest bin. Not
/// thread-safe: use <see cref="CreateWorker"/> for each thread.
/// </summary>
internal sealed class RealFftSingle
{
    private const int Lanes = 16;
    private readonly float[] _twRe; // W_m^j = e^{−2πij/m}, j < m/2
    private readonly float[] _twIm;
    private readonly float[][] _laneRe; // per stride s < 16: W_m^{j − j mod s}, j < m/2
    private readonly float[][] _laneIm;
    private readonly Vector512<int>[] _interleave; // per stride s < 16: the two output permutations
    private readonly float[] _postRe; // W_n^k, k ≤ m
    private readonly float[] _postIm;
    private readonly float[] _aRe;
    private readonly float[] _aIm;
    private readonly float[] _bRe;
    private readonly float[] _bIm;

    /// <summary>Builds the tables for frames of <paramref name="size"/> samples (see <see cref="IsSupported"/>).</summary>
    public RealFftSingle(int size)
    {
        if (!IsSupported(size))
        {
            throw new ArgumentOutOfRangeException(nameof(size), size, "a power of two ≥ 64 on AVX-512 hardware is needed.");
        }

        Size = size;
        var m = size / 2;
        _twRe = new float[m / 2];
        _twIm = new float[m / 2];
        for (var j = 0; j < m / 2; j++)
        {
            var angle = -2.0 * Math.PI * j / m;
            _twRe[j] = (float)Math.Cos(angle);
            _twIm[j] = (float)Math.Sin(angle);
        }

        _laneRe = new float[Lanes][];
        _laneIm = new float[Lanes][];
        _interleave = new Vector512<int>[2 * Lanes];
        Span<int> index = stackalloc int[2 * Lanes];
        for (var s = 1; s < Lanes; s *= 2)
        {
            _laneRe[s] = new float[m / 2];
            _laneIm[s] = new float[m / 2];
            for (var j = 0; j < m / 2; j++)
            {
                _laneRe[s][j] = _twRe[j - j % s];
                _laneIm[s][j] = _twIm[j - j % s];
            }

            for (var r = 0; r < 2 * Lanes; r++)
            {
                var block = r / s;
                index[r] = (block / 2 * s) + (r % s) + (block % 2 == 0 ? 0 : Lanes);
            }

            _interleave[2 * s] = Vector512.Create((ReadOnlySpan<int>)index[..Lanes]);
            _interleave[2 * s + 1] = Vector512.Create((ReadOnlySpan<int>)index[Lanes..]);
        }

        _postRe = new float[m + 1];
        _postIm = new float[m + 1];
        for (var k = 0; k <= m; k++)
        {
            var angle = -2.0 * Math.PI * k / size;
            _postRe[k] = (float)Math.Cos(angle);
            _postIm[k] = (float)Math.Sin(angle);
        }

        (_aRe, _aIm, _bRe, _bIm) = (new float[m], new float[m], new float[m], new float[m]);
    }

    private RealFftSingle(RealFftSingle source)
    {
        Size = source.Size;
        (_twRe, _twIm, _laneRe, _laneIm, _interleave, _postRe, _postIm) =
            (source._twRe, source._twIm, source._laneRe, source._laneIm, source._interleave, source._postRe, source._postIm);
        var m = Size / 2;
        (_aRe, _aIm, _bRe, _bIm) = (new float[m], new float[m], new float[m], new float[m]);
    }

    /// <summary>Number of real input samples.</summary>
    public int Size { get; }

    /// <summary>Whether frames of <paramref name="size"/> samples can be transformed here.</summary>
    public static bool IsSupported(int size) =>
        size >= 4 * 2 * Lanes && BitOperations.IsPow2(size) && Avx512F.IsSupported;

    /// <summary>Returns an instance sharing this one's tables but with its own scratch space.</summary>
    public RealFftSingle CreateWorker() => new(this);

    /// <summary>power[k] = |Σ_j frame[j]·window[j]·e^{−2πijk/n}|², k = 0 … n/2.</summary>
    public void PowerWindowed(ReadOnlySpan<float> frame, ReadOnlySpan<float> window, Span<float> power)
    {
        var m = Size / 2;
        if (frame.Length != Size || window.Length != Size || power.Length < m + 1)
        {
            throw new ArgumentException($"Frame and window must have length {Size}, power at least {m + 1}.");
        }

        Pack(frame, window);
        float[] xr = _aRe, xi = _aIm, yr = _bRe, yi = _bIm;
        for (var s = 1; s < m; s *= 2)
        {
            if (s < Lanes)
            {
                NarrowStage(xr, xi, yr, yi, s);
            }
            else
            {
                WideStage(xr, xi, yr, yi, s);
            }

            (xr, xi, yr, yi) = (yr, yi, xr, xi);
        }

        Unpack(xr, xi, power);
    }

    /// <summary>z[j] = (x[2j]·w[2j], x[2j+1]·w[2j+1]).</summary>
    private void Pack(ReadOnlySpan<float> frame, ReadOnlySpan<float> window)
    {
        ref var f = ref MemoryMarshal.GetReference(frame);
        ref var w = ref MemoryMarshal.GetReference(window);
        var evens = Vector512.Create(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30);
        var odds = evens + Vector512<int>.One;
        for (var j = 0; j < Size / 2; j += Lanes)
        {
            var lo = Vector512.LoadUnsafe(ref f, (nuint)(2 * j)) * Vector512.LoadUnsafe(ref w, (nuint)(2 * j));
            var hi = Vector512.LoadUnsafe(ref f, (nuint)(2 * j + Lanes)) * Vector512.LoadUnsafe(ref w, (nuint)(2 * j + Lanes));
            Avx512F.PermuteVar16x32x2(lo, evens, hi).StoreUnsafe(ref _aRe[0], (nuint)j);
            Avx512F.PermuteVar16x32x2(lo, odds, hi).StoreUnsafe(ref _aIm[0], (nuint)j);
        }
    }

    /// <summary>
    /// One Stockham pass with stride s &lt; 16: a = x[i], b = x[i + m/2] (i = s·p + q); a + b goes to y[2s·p + q] and
    /// (a − b)·W_m^{s·p} to y[2s·p + s + q]: the outputs of 16 lanes fill 32 consecutive slots, interleaved in blocks of s.
    /// </summary>
    private void NarrowStage(float[] xr, float[] xi, float[] yr, float[] yi, int s)
    {
        var half = xr.Length / 2;
        var first = _interleave[2 * s];
        var second = _interleave[2 * s + 1];
        ref var twr = ref _laneRe[s][0];
        ref var twi = ref _laneIm[s][0];
        for (var i = 0; i < half; i += Lanes)
        {
            var (sr, si, dr, di) = Butterfly(xr, xi, i, half, Vector512.LoadUnsafe(ref twr, (nuint)i), Vector512.LoadUnsafe(ref twi, (nuint)i));
            Avx512F.PermuteVar16x32x2(sr, first, dr).StoreUnsafe(ref yr[0], (nuint)(2 * i));
            Avx512F.PermuteVar16x32x2(sr, second, dr).StoreUnsafe(ref yr[0], (nuint)(2 * i + Lanes));
            Avx512F.PermuteVar16x32x2(si, first, di).StoreUnsafe(ref yi[0], (nuint)(2 * i));
            Avx512F.PermuteVar16x32x2(si, second, di).StoreUnsafe(ref yi[0], (nuint)(2 * i + Lanes));
        }
    }

    /// <summary>The same pass for strides of 16 or more: the 16 lanes share p, so both outputs are contiguous.</summary>
    private void WideStage(float[] xr, float[] xi, float[] yr, float[] yi, int s)
    {
        var half = xr.Length / 2;
        for (var p = 0; p * s < half; p++)
        {
            var wr = Vector512.Create(_twRe[p * s]);
            var wi = Vector512.Create(_twIm[p * s]);
            for (var q = 0; q < s; q += Lanes)
            {
                var i = (p * s) + q;
                var (sr, si, dr, di) = Butterfly(xr, xi, i, half, wr, wi);
                var o = i + (p * s);
                sr.StoreUnsafe(ref yr[0], (nuint)o);
                si.StoreUnsafe(ref yi[0], (nuint)o);
                dr.StoreUnsafe(ref yr[0], (nuint)(o + s));
                di.StoreUnsafe(ref yi[0], (nuint)(o + s));
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector512<float> Sr, Vector512<float> Si, Vector512<float> Dr, Vector512<float> Di) Butterfly(
        float[] xr, float[] xi, int i, int half, Vector512<float> wr, Vector512<float> wi)
    {
        ref var r = ref xr[0];
        ref var im = ref xi[0];
        var ar = Vector512.LoadUnsafe(ref r, (nuint)i);
        var ai = Vector512.LoadUnsafe(ref im, (nuint)i);
        var br = Vector512.LoadUnsafe(ref r, (nuint)(i + half));
        var bi = Vector512.LoadUnsafe(ref im, (nuint)(i + half));
        var tr = ar - br;
        var ti = ai - bi;
        return (ar + br, ai + bi, Vector512.FusedMultiplyAdd(tr, wr, -(ti * wi)), Vector512.FusedMultiplyAdd(tr, wi, ti * wr));
    }

    /// <summary>X[k] = E[k] + W_n^k O[k] with E = (Z[k] + conj Z[m−k]) / 2, O = (Z[k] − conj Z[m−k]) / 2i; power = |X[k]|².</summary>
    private void Unpack(float[] re, float[] im, Span<float> power)
    {
        var m = Size / 2;
        power[0] = Square(re[0] + im[0]);
        power[m] = Square(re[0] - im[0]);
        ref var zr0 = ref re[0];
        ref var zi0 = ref im[0];
        ref var pr = ref _postRe[0];
        ref var pi = ref _postIm[0];
        ref var output = ref MemoryMarshal.GetReference(power);
        var reverse = Vector512.Create(15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0);
        var half = Vector512.Create(0.5f);
        var k = 1;
        for (; k + Lanes - 1 <= m - Lanes; k += Lanes)
        {
            var zr = Vector512.LoadUnsafe(ref zr0, (nuint)k);
            var zi = Vector512.LoadUnsafe(ref zi0, (nuint)k);
            var cr = Vector512.Shuffle(Vector512.LoadUnsafe(ref zr0, (nuint)(m - k - Lanes + 1)), reverse);
            var ci = -Vector512.Shuffle(Vector512.LoadUnsafe(ref zi0, (nuint)(m - k - Lanes + 1)), reverse);
            var er = half * (zr + cr);
            var ei = half * (zi + ci);
            var or = half * (zi - ci);
            var oi = half * (cr - zr);
            var wr = Vector512.LoadUnsafe(ref pr, (nuint)k);
            var wi = Vector512.LoadUnsafe(ref pi, (nuint)k);
            var xr = er + Vector512.FusedMultiplyAdd(or, wr, -(oi * wi));
            var xi = ei + Vector512.FusedMultiplyAdd(or, wi, oi * wr);
            Vector512.FusedMultiplyAdd(xr, xr, xi * xi).StoreUnsafe(ref output, (nuint)k);
        }

        for (; k < m; k++)
        {
            float zr = re[k], zi = im[k], cr = re[m - k], ci = -im[m - k];
            float er = 0.5f * (zr + cr), ei = 0.5f * (zi + ci), or = 0.5f * (zi - ci), oi = 0.5f * (cr - zr);
            var xr = er + ((or * _postRe[k]) - (oi * _postIm[k]));
            var xi = ei + ((or * _postIm[k]) + (oi * _postRe[k]));
            power[k] = (xr * xr) + (xi * xi);
        }
    }

    private static float Square(float v) => v * v;
}
