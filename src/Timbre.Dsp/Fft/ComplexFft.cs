using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Timbre.Dsp.Fft;

/// <summary>
/// Forward complex discrete Fourier transform of a fixed size, X[k] = Σ x[j]·e^{−2πijk/n}, in double precision.
/// Powers of two use an iterative radix-2 algorithm; other sizes use Bluestein's chirp-z algorithm on a power-of-two
/// transform. Tables are built once; an instance keeps scratch buffers and is therefore not thread-safe
/// (create one per thread with <see cref="CreateWorker"/>, which shares the tables).
/// </summary>
public sealed class ComplexFft
{
    private readonly Radix2Plan? _radix2;
    private readonly BluesteinPlan? _bluestein;
    private readonly double[] _scratchRe;
    private readonly double[] _scratchIm;

    /// <summary>Builds the transform tables for size <paramref name="size"/> (≥ 1).</summary>
    public ComplexFft(int size)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        Size = size;
        if (BitOperations.IsPow2(size))
        {
            _radix2 = new Radix2Plan(size);
            _scratchRe = [];
            _scratchIm = [];
        }
        else
        {
            _bluestein = new BluesteinPlan(size);
            _scratchRe = new double[_bluestein.PaddedSize];
            _scratchIm = new double[_bluestein.PaddedSize];
        }
    }

    private ComplexFft(ComplexFft source)
    {
        Size = source.Size;
        _radix2 = source._radix2;
        _bluestein = source._bluestein;
        _scratchRe = new double[source._scratchRe.Length];
        _scratchIm = new double[source._scratchIm.Length];
    }

    /// <summary>Transform size.</summary>
    public int Size { get; }

    /// <summary>Returns an instance sharing this one's tables but with its own scratch space.</summary>
    public ComplexFft CreateWorker() => new(this);

    /// <summary>Transforms (<paramref name="re"/>, <paramref name="im"/>) in place.</summary>
    public void Forward(Span<double> re, Span<double> im)
    {
        if (re.Length != Size || im.Length != Size)
        {
            throw new ArgumentException($"Both spans must have length {Size}.");
        }

        if (_radix2 is not null)
        {
            _radix2.Forward(re, im);
        }
        else
        {
            _bluestein!.Forward(re, im, _scratchRe, _scratchIm);
        }
    }

    /// <summary>Bit-reversal permutation for power-of-two sizes (null otherwise): input[i] belongs at position rev[i].</summary>
    internal int[]? BitReversal => _radix2?.BitReverse;

    /// <summary>Transforms input already placed in bit-reversed order (power-of-two sizes only).</summary>
    internal void ForwardBitReversed(Span<double> re, Span<double> im) => _radix2!.Butterflies(re, im);

    /// <summary>
    /// The stages after the first two, for input already in bit-reversed order with the first two stages (the
    /// radix-4 pass of <see cref="ForwardBitReversed"/>) done (power-of-two sizes ≥ 8 only).
    /// </summary>
    internal void ForwardAfterRadix4(Span<double> re, Span<double> im) => _radix2!.StagesAfterRadix4(re, im);

    /// <summary>Iterative radix-2 decimation-in-time transform.</summary>
    private sealed class Radix2Plan
    {
        private readonly int _n;
        private readonly int[] _bitReverse;
        private readonly double[] _twRe; // twiddles per stage, concatenated: stage with half-size h stores h entries at offset h-1
        private readonly double[] _twIm;

        public Radix2Plan(int n)
        {
            _n = n;
            _bitReverse = new int[n];
            var bits = BitOperations.Log2((uint)n);
            for (var i = 0; i < n; i++)
            {
                var r = 0;
                for (var b = 0; b < bits; b++)
                {
                    r |= ((i >> b) & 1) << (bits - 1 - b);
                }

                _bitReverse[i] = r;
            }

            _twRe = new double[Math.Max(n - 1, 1)];
            _twIm = new double[Math.Max(n - 1, 1)];
            for (var h = 1; h < n; h <<= 1)
            {
                for (var j = 0; j < h; j++)
                {
                    var angle = -Math.PI * j / h;
                    _twRe[h - 1 + j] = Math.Cos(angle);
                    _twIm[h - 1 + j] = Math.Sin(angle);
                }
            }
        }

        public int[] BitReverse => _bitReverse;

        public void Forward(Span<double> re, Span<double> im)
        {
            var n = _n;
            var rev = _bitReverse;
            for (var i = 0; i < n; i++)
            {
                var j = rev[i];
                if (j > i)
                {
                    (re[i], re[j]) = (re[j], re[i]);
                    (im[i], im[j]) = (im[j], im[i]);
                }
            }

            Butterflies(re, im);
        }

        public void Butterflies(Span<double> re, Span<double> im)
        {
            var n = _n;
            if (n >= 4)
            {
                // Stages h = 1 and h = 2 fused (radix-4, twiddles 1 and −i).
                for (var i = 0; i < n; i += 4)
                {
                    double ar = re[i], ai = im[i], br = re[i + 1], bi = im[i + 1];
                    double cr = re[i + 2], ci = im[i + 2], dr = re[i + 3], di = im[i + 3];
                    double s0r = ar + br, s0i = ai + bi, d0r = ar - br, d0i = ai - bi;
                    double s1r = cr + dr, s1i = ci + di, d1r = cr - dr, d1i = ci - di;
                    re[i] = s0r + s1r;
                    im[i] = s0i + s1i;
                    re[i + 2] = s0r - s1r;
                    im[i + 2] = s0i - s1i;
                    // (−i)·(d1r + i·d1i) = d1i − i·d1r
                    re[i + 1] = d0r + d1i;
                    im[i + 1] = d0i - d1r;
                    re[i + 3] = d0r - d1i;
                    im[i + 3] = d0i + d1r;
                }

                StagesFrom(re, im, 4);
                return;
            }

            // n = 2 (n = 1 is the identity).
            for (var i = 0; i + 1 < n; i += 2)
            {
                double ar = re[i], ai = im[i], br = re[i + 1], bi = im[i + 1];
                re[i] = ar + br;
                im[i] = ai + bi;
                re[i + 1] = ar - br;
                im[i + 1] = ai - bi;
            }
        }

        public void StagesAfterRadix4(Span<double> re, Span<double> im) => StagesFrom(re, im, 4);

        private void StagesFrom(Span<double> re, Span<double> im, int firstHalf)
        {
            var n = _n;
            for (var h = firstHalf; h < n; h <<= 1)
            {
                if (h >= Double512.Count && Double512.IsHardwareAccelerated)
                {
                    if (4 * h <= n)
                    {
                        // Stages h and 2h in one pass over the data (half the loads and stores).
                        StagePairVectorized<Vector512<double>, Double512>(re, im, h);
                        h <<= 1;
                        continue;
                    }

                    StageVectorized<Vector512<double>, Double512>(re, im, h);
                    continue;
                }

                if (h >= DoubleVector.Count && DoubleVector.IsHardwareAccelerated)
                {
                    StageVectorized<Vector<double>, DoubleVector>(re, im, h);
                    continue;
                }

                var tr = _twRe.AsSpan(h - 1, h);
                var ti = _twIm.AsSpan(h - 1, h);
                for (var start = 0; start < n; start += h << 1)
                {
                    var r0 = re.Slice(start, h);
                    var i0 = im.Slice(start, h);
                    var r1 = re.Slice(start + h, h);
                    var i1 = im.Slice(start + h, h);
                    for (var j = 0; j < h; j++)
                    {
                        double wr = tr[j], wi = ti[j];
                        double xr = r1[j], xi = i1[j];
                        var pr = xr * wr - xi * wi;
                        var pi = xr * wi + xi * wr;
                        double ar = r0[j], ai = i0[j];
                        r0[j] = ar + pr;
                        i0[j] = ai + pi;
                        r1[j] = ar - pr;
                        i1[j] = ai - pi;
                    }
                }
            }
        }

        /// <summary>
        /// Radix-2 stages h and 2h fused: each block of 4h values goes through both stages while in registers, with
        /// the same operations per element as two <see cref="StageVectorized"/> passes (bit-identical).
        /// </summary>
        private void StagePairVectorized<TV, TOps>(Span<double> re, Span<double> im, int h)
            where TV : unmanaged
            where TOps : struct, IDoubleVector<TV>
        {
            var n = _n;
            var width = TOps.Count;
            ref var reRef = ref MemoryMarshal.GetReference(re);
            ref var imRef = ref MemoryMarshal.GetReference(im);
            ref var t1r = ref _twRe[h - 1];
            ref var t1i = ref _twIm[h - 1];
            ref var t2r = ref _twRe[2 * h - 1];
            ref var t2i = ref _twIm[2 * h - 1];
            for (var start = 0; start < n; start += h << 2)
            {
                for (var j = 0; j < h; j += width)
                {
                    var a = (nuint)(start + j);
                    var b = a + (nuint)h;
                    var c = b + (nuint)h;
                    var d = c + (nuint)h;

                    // Stage h: (a, b) and (c, d), twiddle j of the stage.
                    var wr = TOps.Load(ref t1r, (nuint)j);
                    var wi = TOps.Load(ref t1i, (nuint)j);
                    var (ar, ai, br, bi) = Butterfly<TV, TOps>(TOps.Load(ref reRef, a), TOps.Load(ref imRef, a), TOps.Load(ref reRef, b), TOps.Load(ref imRef, b), wr, wi);
                    var (cr, ci, dr, di) = Butterfly<TV, TOps>(TOps.Load(ref reRef, c), TOps.Load(ref imRef, c), TOps.Load(ref reRef, d), TOps.Load(ref imRef, d), wr, wi);

                    // Stage 2h: (a, c) with twiddle j and (b, d) with twiddle j + h.
                    var (er, ei, gr, gi) = Butterfly<TV, TOps>(ar, ai, cr, ci, TOps.Load(ref t2r, (nuint)j), TOps.Load(ref t2i, (nuint)j));
                    var (fr, fi, hr, hi) = Butterfly<TV, TOps>(br, bi, dr, di, TOps.Load(ref t2r, (nuint)(j + h)), TOps.Load(ref t2i, (nuint)(j + h)));
                    TOps.Store(er, ref reRef, a);
                    TOps.Store(ei, ref imRef, a);
                    TOps.Store(fr, ref reRef, b);
                    TOps.Store(fi, ref imRef, b);
                    TOps.Store(gr, ref reRef, c);
                    TOps.Store(gi, ref imRef, c);
                    TOps.Store(hr, ref reRef, d);
                    TOps.Store(hi, ref imRef, d);
                }
            }
        }

        /// <summary>(x + w·y, x − w·y) with the products and sums in the scalar loop's order.</summary>
        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
        private static (TV Ar, TV Ai, TV Br, TV Bi) Butterfly<TV, TOps>(TV ar, TV ai, TV xr, TV xi, TV wr, TV wi)
            where TV : unmanaged
            where TOps : struct, IDoubleVector<TV>
        {
            var pr = TOps.Subtract(TOps.Multiply(xr, wr), TOps.Multiply(xi, wi));
            var pi = TOps.Add(TOps.Multiply(xr, wi), TOps.Multiply(xi, wr));
            return (TOps.Add(ar, pr), TOps.Add(ai, pi), TOps.Subtract(ar, pr), TOps.Subtract(ai, pi));
        }

        /// <summary>One radix-2 stage, <c>TOps.Count</c> butterflies at a time: the same operations per element as the scalar loop (bit-identical).</summary>
        private void StageVectorized<TV, TOps>(Span<double> re, Span<double> im, int h)
            where TV : unmanaged
            where TOps : struct, IDoubleVector<TV>
        {
            var n = _n;
            var width = TOps.Count;
            ref var reRef = ref MemoryMarshal.GetReference(re);
            ref var imRef = ref MemoryMarshal.GetReference(im);
            ref var trRef = ref _twRe[h - 1];
            ref var tiRef = ref _twIm[h - 1];
            for (var start = 0; start < n; start += h << 1)
            {
                for (var j = 0; j < h; j += width)
                {
                    var a = (nuint)(start + j);
                    var b = a + (nuint)h;
                    var (ar, ai, br, bi) = Butterfly<TV, TOps>(
                        TOps.Load(ref reRef, a), TOps.Load(ref imRef, a), TOps.Load(ref reRef, b), TOps.Load(ref imRef, b),
                        TOps.Load(ref trRef, (nuint)j), TOps.Load(ref tiRef, (nuint)j));
                    TOps.Store(ar, ref reRef, a);
                    TOps.Store(ai, ref imRef, a);
                    TOps.Store(br, ref reRef, b);
                    TOps.Store(bi, ref imRef, b);
                }
            }
        }
    }

    /// <summary>Bluestein's algorithm: an arbitrary-size DFT as a convolution computed with power-of-two FFTs.</summary>
    private sealed class BluesteinPlan
    {
        private readonly int _n;
        private readonly Radix2Plan _inner;
        private readonly double[] _chirpRe; // e^{−iπk²/n}
        private readonly double[] _chirpIm;
        private readonly double[] _kernelRe; // FFT of the conjugate chirp, wrapped
        private readonly double[] _kernelIm;

        public BluesteinPlan(int n)
        {
            _n = n;
            PaddedSize = (int)BitOperations.RoundUpToPowerOf2((uint)(2 * n - 1));
            _inner = new Radix2Plan(PaddedSize);
            _chirpRe = new double[n];
            _chirpIm = new double[n];
            for (var k = 0; k < n; k++)
            {
                // k² mod 2n keeps the angle small and exact.
                var k2 = (long)k * k % (2L * n);
                var angle = -Math.PI * k2 / n;
                _chirpRe[k] = Math.Cos(angle);
                _chirpIm[k] = Math.Sin(angle);
            }

            _kernelRe = new double[PaddedSize];
            _kernelIm = new double[PaddedSize];
            _kernelRe[0] = _chirpRe[0];
            _kernelIm[0] = -_chirpIm[0];
            for (var k = 1; k < n; k++)
            {
                _kernelRe[k] = _kernelRe[PaddedSize - k] = _chirpRe[k];
                _kernelIm[k] = _kernelIm[PaddedSize - k] = -_chirpIm[k];
            }

            _inner.Forward(_kernelRe, _kernelIm);
        }

        public int PaddedSize { get; }

        public void Forward(Span<double> re, Span<double> im, double[] aRe, double[] aIm)
        {
            var m = PaddedSize;
            for (var k = 0; k < _n; k++)
            {
                double cr = _chirpRe[k], ci = _chirpIm[k];
                aRe[k] = re[k] * cr - im[k] * ci;
                aIm[k] = re[k] * ci + im[k] * cr;
            }

            Array.Clear(aRe, _n, m - _n);
            Array.Clear(aIm, _n, m - _n);
            _inner.Forward(aRe, aIm);
            for (var k = 0; k < m; k++)
            {
                double xr = aRe[k], xi = aIm[k], kr = _kernelRe[k], ki = _kernelIm[k];
                // Multiply, then conjugate so that a forward FFT computes the inverse.
                aRe[k] = xr * kr - xi * ki;
                aIm[k] = -(xr * ki + xi * kr);
            }

            _inner.Forward(aRe, aIm);
            var scale = 1.0 / m;
            for (var k = 0; k < _n; k++)
            {
                var yr = aRe[k] * scale;
                var yi = -aIm[k] * scale;
                double cr = _chirpRe[k], ci = _chirpIm[k];
                re[k] = yr * cr - yi * ci;
                im[k] = yr * ci + yi * cr;
            }
        }
    }
}
