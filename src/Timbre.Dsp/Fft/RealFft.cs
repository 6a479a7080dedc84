using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Timbre.Dsp.Fft;

/// <summary>
/// Forward DFT of a real signal of fixed size n, returning the n/2 + 1 non-negative-frequency bins in double
/// precision. Even sizes pack the signal into a complex transform of size n/2; odd sizes use a full complex
/// transform. Not thread-safe: use <see cref="CreateWorker"/> for each thread.
/// </summary>
public sealed partial class RealFft
{
    private readonly ComplexFft _complex;
    private readonly double[] _twRe; // e^{−2πik/n}, k = 0 … n/2
    private readonly double[] _twIm;
    private readonly double[] _re;
    private readonly double[] _im;

    /// <summary>Builds the tables for a transform of <paramref name="size"/> real samples (≥ 1).</summary>
    public RealFft(int size)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        Size = size;
        var even = size % 2 == 0 && size >= 2;
        _complex = new ComplexFft(even ? size / 2 : size);
        var half = size / 2;
        _twRe = new double[half + 1];
        _twIm = new double[half + 1];
        for (var k = 0; k <= half; k++)
        {
            var angle = -2.0 * Math.PI * k / size;
            _twRe[k] = Math.Cos(angle);
            _twIm[k] = Math.Sin(angle);
        }

        _re = new double[_complex.Size];
        _im = new double[_complex.Size];
    }

    private RealFft(RealFft source)
    {
        Size = source.Size;
        _complex = source._complex.CreateWorker();
        _twRe = source._twRe;
        _twIm = source._twIm;
        _re = new double[source._re.Length];
        _im = new double[source._im.Length];
    }

    /// <summary>Number of real input samples.</summary>
    public int Size { get; }

    /// <summary>Number of output bins, n/2 + 1.</summary>
    public int BinCount => Size / 2 + 1;

    /// <summary>Returns an instance sharing this one's tables but with its own scratch space.</summary>
    public RealFft CreateWorker() => new(this);

    /// <summary>
    /// Computes bins 0 … n/2 of the DFT of <paramref name="frame"/> · <paramref name="window"/>, fusing the
    /// windowing with the even/odd packing and bit-reversal permutation when the size allows it.
    /// </summary>
    public void ForwardWindowed(ReadOnlySpan<float> frame, ReadOnlySpan<double> window, Span<double> outRe, Span<double> outIm)
    {
        if (frame.Length != Size || window.Length != Size)
        {
            throw new ArgumentException($"Frame and window must have length {Size}.");
        }

        var rev = _complex.BitReversal;
        if (rev is null || _complex.Size == Size || outRe.Length < BinCount || outIm.Length < BinCount)
        {
            Span<double> x = Size <= 8192 ? stackalloc double[Size] : new double[Size];
            for (var i = 0; i < Size; i++)
            {
                x[i] = frame[i] * window[i];
            }

            Forward(x, outRe, outIm);
            return;
        }

        if (Avx512F.IsSupported && rev.Length >= 32)
        {
            WindowRadix4Avx512(frame, window, rev);
            _complex.ForwardAfterRadix4(_re, _im);
            PostProcess(outRe, outIm);
            return;
        }

        ref var re = ref MemoryMarshal.GetArrayDataReference(_re);
        ref var im = ref MemoryMarshal.GetArrayDataReference(_im);
        ref var f = ref MemoryMarshal.GetReference(frame);
        ref var w = ref MemoryMarshal.GetReference(window);
        ref var r = ref MemoryMarshal.GetArrayDataReference(rev);
        nint k = 0;
        if (Avx2.IsSupported)
        {
            // Eight samples at a time: widen, window, split even/odd (the same products as below), then scatter.
            for (; k + 4 <= rev.Length; k += 4)
            {
                var x = Vector256.LoadUnsafe(ref f, (nuint)(2 * k));
                var lo = Vector256.WidenLower(x) * Vector256.LoadUnsafe(ref w, (nuint)(2 * k));
                var hi = Vector256.WidenUpper(x) * Vector256.LoadUnsafe(ref w, (nuint)(2 * k + 4));
                var even = Avx2.Permute4x64(Avx.UnpackLow(lo, hi), 0b11_01_10_00);
                var odd = Avx2.Permute4x64(Avx.UnpackHigh(lo, hi), 0b11_01_10_00);
                for (var l = 0; l < 4; l++)
                {
                    nint j = Unsafe.Add(ref r, k + l);
                    Unsafe.Add(ref re, j) = even.GetElement(l);
                    Unsafe.Add(ref im, j) = odd.GetElement(l);
                }
            }
        }

        for (; k < rev.Length; k++)
        {
            nint j = Unsafe.Add(ref r, k);
            Unsafe.Add(ref re, j) = Unsafe.Add(ref f, 2 * k) * Unsafe.Add(ref w, 2 * k);
            Unsafe.Add(ref im, j) = Unsafe.Add(ref f, 2 * k + 1) * Unsafe.Add(ref w, 2 * k + 1);
        }

        _complex.ForwardBitReversed(_re, _im);
        PostProcess(outRe, outIm);
    }

    /// <summary>Computes bins 0 … n/2 of the DFT of <paramref name="input"/>.</summary>
    /// <param name="input">n real samples.</param>
    /// <param name="outRe">Real parts, length n/2 + 1.</param>
    /// <param name="outIm">Imaginary parts, length n/2 + 1.</param>
    public void Forward(ReadOnlySpan<double> input, Span<double> outRe, Span<double> outIm)
    {
        if (input.Length != Size)
        {
            throw new ArgumentException($"Input must have length {Size}.", nameof(input));
        }

        if (outRe.Length < BinCount || outIm.Length < BinCount)
        {
            throw new ArgumentException($"Output spans must have length ≥ {BinCount}.");
        }

        if (_complex.Size == Size)
        {
            input.CopyTo(_re);
            Array.Clear(_im);
            _complex.Forward(_re, _im);
            _re.AsSpan(0, BinCount).CopyTo(outRe);
            _im.AsSpan(0, BinCount).CopyTo(outIm);
            return;
        }

        var m = _complex.Size;
        var re = _re;
        var im = _im;
        for (var k = 0; k < m; k++)
        {
            re[k] = input[2 * k];
            im[k] = input[2 * k + 1];
        }

        _complex.Forward(re, im);
        PostProcess(outRe, outIm);
    }

    private void PostProcess(Span<double> outRe, Span<double> outIm)
    {
        var m = _complex.Size;
        var re = _re;
        var im = _im;

        // X[k] = E[k] + W^k O[k], with E = (Z[k] + conj Z[m−k]) / 2 and O = (Z[k] − conj Z[m−k]) / 2i.
        outRe[0] = re[0] + im[0];
        outIm[0] = 0.0;
        outRe[m] = re[0] - im[0];
        outIm[m] = 0.0;
        var k = 1;
        if (Vector256.IsHardwareAccelerated && m >= 8)
        {
            k = PostProcessVectorized(outRe, outIm);
        }

        var twRe = _twRe;
        var twIm = _twIm;
        for (; k < m; k++)
        {
            double zr = re[k], zi = im[k], cr = re[m - k], ci = -im[m - k];
            var er = 0.5 * (zr + cr);
            var ei = 0.5 * (zi + ci);
            // (Z − conj Z[m−k]) / 2i = (d_i − i d_r) / 2 … with d = Z − C
            var dr = zr - cr;
            var di = zi - ci;
            var or = 0.5 * di;
            var oi = -0.5 * dr;
            double wr = twRe[k], wi = twIm[k];
            outRe[k] = er + (or * wr - oi * wi);
            outIm[k] = ei + (or * wi + oi * wr);
        }
    }

    /// <summary>
    /// <see cref="PostProcess"/> eight (or four) bins at a time, with the same operations in the same order (bit-identical);
    /// returns the first bin left for the scalar loop.
    /// </summary>
    private int PostProcessVectorized(Span<double> outRe, Span<double> outIm)
    {
        var k = Double512.IsHardwareAccelerated ? PostProcessBlocks<Vector512<double>, Double512>(outRe, outIm, 1) : 1;
        return PostProcessBlocks<Vector256<double>, Double256>(outRe, outIm, k);
    }

    /// <summary>Bins <paramref name="k"/> onwards, <c>TOps.Count</c> at a time while the mirrored block stays above them; returns the next bin.</summary>
    private int PostProcessBlocks<TV, TOps>(Span<double> outRe, Span<double> outIm, int k)
        where TV : unmanaged
        where TOps : struct, IDoubleLanes<TV>
    {
        var m = _complex.Size;
        var last = TOps.Count - 1;
        ref var re = ref MemoryMarshal.GetArrayDataReference(_re);
        ref var im = ref MemoryMarshal.GetArrayDataReference(_im);
        ref var twRe = ref MemoryMarshal.GetArrayDataReference(_twRe);
        ref var twIm = ref MemoryMarshal.GetArrayDataReference(_twIm);
        ref var oRe = ref MemoryMarshal.GetReference(outRe);
        ref var oIm = ref MemoryMarshal.GetReference(outIm);
        var half = TOps.Create(0.5);
        var minusHalf = TOps.Create(-0.5);
        for (; k + last <= m - last; k += TOps.Count)
        {
            var zr = TOps.Load(ref re, (nuint)k);
            var zi = TOps.Load(ref im, (nuint)k);
            var cr = TOps.Reverse(TOps.Load(ref re, (nuint)(m - k - last)));
            var ci = TOps.Negate(TOps.Reverse(TOps.Load(ref im, (nuint)(m - k - last))));
            var er = TOps.Multiply(half, TOps.Add(zr, cr));
            var ei = TOps.Multiply(half, TOps.Add(zi, ci));
            var dr = TOps.Subtract(zr, cr);
            var di = TOps.Subtract(zi, ci);
            var or = TOps.Multiply(half, di);
            var oi = TOps.Multiply(minusHalf, dr);
            var wr = TOps.Load(ref twRe, (nuint)k);
            var wi = TOps.Load(ref twIm, (nuint)k);
            TOps.Store(TOps.Add(er, TOps.Subtract(TOps.Multiply(or, wr), TOps.Multiply(oi, wi))), ref oRe, (nuint)k);
            TOps.Store(TOps.Add(ei, TOps.Add(TOps.Multiply(or, wi), TOps.Multiply(oi, wr))), ref oIm, (nuint)k);
        }

        return k;
    }
}
