using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Timbre.Dsp;

/// <summary>
/// The few vector operations the numeric kernels need, over one vector type of doubles, so that a kernel is written
/// once and specialised by the JIT for each width (the struct type argument makes every call a direct, inlined one).
/// </summary>
/// <typeparam name="TV">The vector type (<see cref="Vector512{T}"/>, <see cref="Vector256{T}"/> or <see cref="Vector{T}"/> of double).</typeparam>
internal interface IDoubleVector<TV>
    where TV : struct
{
    /// <summary>Lanes per vector.</summary>
    static abstract int Count { get; }

    /// <summary>Whether the hardware runs this width natively.</summary>
    static abstract bool IsHardwareAccelerated { get; }

    static abstract TV Create(double value);

    static abstract TV Load(ref double source, nuint offset);

    static abstract void Store(TV value, ref double destination, nuint offset);

    static abstract TV Add(TV a, TV b);

    static abstract TV Subtract(TV a, TV b);

    static abstract TV Multiply(TV a, TV b);

    /// <summary>The hardware minimum (no NaN or signed-zero fix-ups): for NaN-free input only.</summary>
    static abstract TV MinNative(TV a, TV b);

    /// <summary>The hardware maximum (no NaN or signed-zero fix-ups): for NaN-free input only.</summary>
    static abstract TV MaxNative(TV a, TV b);

    /// <summary>Lanes that are NaN, as all-ones lanes.</summary>
    static abstract TV NaNMask(TV a);

    static abstract TV Or(TV a, TV b);

    static abstract bool AnyBitSet(TV a);

    /// <summary>Bit l set when lane l of <c>a</c> ≤ lane l of <c>b</c>.</summary>
    static abstract ulong LessOrEqualMask(TV a, TV b);

    /// <summary>Bit l set when lane l of <c>a</c> ≥ lane l of <c>b</c>.</summary>
    static abstract ulong GreaterOrEqualMask(TV a, TV b);

    static abstract double Element(TV a, int lane);
}

/// <summary>512-bit vectors of doubles (AVX-512).</summary>
internal readonly struct Double512 : IDoubleVector<Vector512<double>>
{
    public static int Count => Vector512<double>.Count;

    public static bool IsHardwareAccelerated => Vector512.IsHardwareAccelerated;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Create(double value) => Vector512.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Load(ref double source, nuint offset) => Vector512.LoadUnsafe(ref source, offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector512<double> value, ref double destination, nuint offset) => value.StoreUnsafe(ref destination, offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Add(Vector512<double> a, Vector512<double> b) => a + b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Subtract(Vector512<double> a, Vector512<double> b) => a - b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Multiply(Vector512<double> a, Vector512<double> b) => a * b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> MinNative(Vector512<double> a, Vector512<double> b) => Vector512.MinNative(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> MaxNative(Vector512<double> a, Vector512<double> b) => Vector512.MaxNative(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> NaNMask(Vector512<double> a) => ~Vector512.Equals(a, a);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Or(Vector512<double> a, Vector512<double> b) => a | b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool AnyBitSet(Vector512<double> a) => a.ExtractMostSignificantBits() != 0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong LessOrEqualMask(Vector512<double> a, Vector512<double> b) => Vector512.LessThanOrEqual(a, b).ExtractMostSignificantBits();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong GreaterOrEqualMask(Vector512<double> a, Vector512<double> b) => Vector512.GreaterThanOrEqual(a, b).ExtractMostSignificantBits();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Element(Vector512<double> a, int lane) => a.GetElement(lane);
}

/// <summary>256-bit vectors of doubles (AVX2).</summary>
internal readonly struct Double256 : IDoubleVector<Vector256<double>>
{
    public static int Count => Vector256<double>.Count;

    public static bool IsHardwareAccelerated => Vector256.IsHardwareAccelerated;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Create(double value) => Vector256.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Load(ref double source, nuint offset) => Vector256.LoadUnsafe(ref source, offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector256<double> value, ref double destination, nuint offset) => value.StoreUnsafe(ref destination, offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Add(Vector256<double> a, Vector256<double> b) => a + b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Subtract(Vector256<double> a, Vector256<double> b) => a - b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Multiply(Vector256<double> a, Vector256<double> b) => a * b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> MinNative(Vector256<double> a, Vector256<double> b) => Vector256.MinNative(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> MaxNative(Vector256<double> a, Vector256<double> b) => Vector256.MaxNative(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> NaNMask(Vector256<double> a) => ~Vector256.Equals(a, a);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Or(Vector256<double> a, Vector256<double> b) => a | b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool AnyBitSet(Vector256<double> a) => a.ExtractMostSignificantBits() != 0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong LessOrEqualMask(Vector256<double> a, Vector256<double> b) => Vector256.LessThanOrEqual(a, b).ExtractMostSignificantBits();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong GreaterOrEqualMask(Vector256<double> a, Vector256<double> b) => Vector256.GreaterThanOrEqual(a, b).ExtractMostSignificantBits();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Element(Vector256<double> a, int lane) => a.GetElement(lane);
}

/// <summary>Vectors of doubles of the platform's preferred width (<see cref="Vector{T}"/>).</summary>
internal readonly struct DoubleVector : IDoubleVector<Vector<double>>
{
    public static int Count => Vector<double>.Count;

    public static bool IsHardwareAccelerated => Vector.IsHardwareAccelerated;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<double> Create(double value) => new(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<double> Load(ref double source, nuint offset) => Vector.LoadUnsafe(ref source, offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector<double> value, ref double destination, nuint offset) => value.StoreUnsafe(ref destination, offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<double> Add(Vector<double> a, Vector<double> b) => a + b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<double> Subtract(Vector<double> a, Vector<double> b) => a - b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<double> Multiply(Vector<double> a, Vector<double> b) => a * b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<double> MinNative(Vector<double> a, Vector<double> b) => Vector.MinNative(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<double> MaxNative(Vector<double> a, Vector<double> b) => Vector.MaxNative(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<double> NaNMask(Vector<double> a) => ~Vector.Equals(a, a).As<long, double>();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<double> Or(Vector<double> a, Vector<double> b) => a | b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool AnyBitSet(Vector<double> a) => !Vector.EqualsAll(a.As<double, long>(), Vector<long>.Zero);

    public static ulong LessOrEqualMask(Vector<double> a, Vector<double> b) => Mask(Vector.LessThanOrEqual(a, b));

    public static ulong GreaterOrEqualMask(Vector<double> a, Vector<double> b) => Mask(Vector.GreaterThanOrEqual(a, b));

    private static ulong Mask(Vector<long> lanes)
    {
        var mask = 0UL;
        for (var i = 0; i < Vector<long>.Count; i++)
        {
            mask |= lanes[i] != 0 ? 1UL << i : 0;
        }

        return mask;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Element(Vector<double> a, int lane) => a[lane];
}
