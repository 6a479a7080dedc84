using System.Numerics.Tensors;
using System.Runtime.Intrinsics;

namespace Timbre.Dsp;

/// <summary>Power ↔ decibel conversion (librosa <c>power_to_db</c>).</summary>
public static class Decibels
{
    private const int Chunk = 512;

    /// <summary>Converts power values to dB in place; top_db is applied over the whole span.</summary>
    public static void PowerToDbInPlace(Span<float> values, DecibelOptions? options = null)
    {
        options ??= new DecibelOptions();
        options.Validate();
        if (values.IsEmpty)
        {
            return;
        }

        var amin = options.Amin;
        double reference;
        if (options.Reference == DecibelReference.Max)
        {
            var max = 0.0;
            foreach (var v in values)
            {
                max = Math.Max(max, Math.Abs((double)v));
            }

            reference = max;
        }
        else
        {
            reference = options.RefValue;
        }

        var offset = 10.0 * Math.Log10(Math.Max(amin, reference));
        var peak = double.NegativeInfinity;
        Span<double> buffer = stackalloc double[Math.Min(Chunk, values.Length)];
        for (var start = 0; start < values.Length; start += Chunk)
        {
            // Same arithmetic as 10·log10(max(amin, v)) − offset per value, in double, a chunk at a time (vectorised).
            var part = values.Slice(start, Math.Min(Chunk, values.Length - start));
            var db = buffer[..part.Length];
            Widen(part, db);
            TensorPrimitives.Max(db, amin, db);
            TensorPrimitives.Log10(db, db);
            TensorPrimitives.Multiply(db, 10.0, db);
            TensorPrimitives.Subtract(db, offset, db);
            peak = Math.Max(peak, TensorPrimitives.Max(db));
            Narrow(db, part);
        }

        if (options.TopDb is { } top && !double.IsNaN(peak))
        {
            // max(v, floor) keeps a NaN value as the comparison "v < floor" did; a NaN peak floors nothing.
            TensorPrimitives.Max(values, (float)(peak - top), values);
        }
    }

    /// <summary>Returns a dB copy of a power matrix.</summary>
    public static FeatureMatrix PowerToDb(FeatureMatrix power, DecibelOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(power);
        var result = new FeatureMatrix(power.Rows, power.Cols, (float[])power.Data.Clone());
        PowerToDbInPlace(result.Data, options);
        return result;
    }

    /// <summary>target[i] = (double)source[i].</summary>
    private static void Widen(ReadOnlySpan<float> source, Span<double> target)
    {
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; i + Vector256<float>.Count <= source.Length; i += Vector256<float>.Count)
            {
                var v = Vector256.Create(source.Slice(i, Vector256<float>.Count));
                Vector256.WidenLower(v).CopyTo(target.Slice(i, Vector256<double>.Count));
                Vector256.WidenUpper(v).CopyTo(target.Slice(i + Vector256<double>.Count, Vector256<double>.Count));
            }
        }

        for (; i < source.Length; i++)
        {
            target[i] = source[i];
        }
    }

    /// <summary>target[i] = (float)source[i] (round to nearest, as the cast).</summary>
    private static void Narrow(ReadOnlySpan<double> source, Span<float> target)
    {
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; i + Vector256<float>.Count <= source.Length; i += Vector256<float>.Count)
            {
                var lo = Vector256.Create(source.Slice(i, Vector256<double>.Count));
                var hi = Vector256.Create(source.Slice(i + Vector256<double>.Count, Vector256<double>.Count));
                Vector256.Narrow(lo, hi).CopyTo(target.Slice(i, Vector256<float>.Count));
            }
        }

        for (; i < source.Length; i++)
        {
            target[i] = (float)source[i];
        }
    }
}
