namespace Timbre.Dsp;

/// <summary>Power ↔ decibel conversion (librosa <c>power_to_db</c>).</summary>
public static class Decibels
{
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
        for (var i = 0; i < values.Length; i++)
        {
            var db = 10.0 * Math.Log10(Math.Max(amin, (double)values[i])) - offset;
            values[i] = (float)db;
            peak = Math.Max(peak, db);
        }

        if (options.TopDb is { } top)
        {
            var floor = (float)(peak - top);
            for (var i = 0; i < values.Length; i++)
            {
                if (values[i] < floor)
                {
                    values[i] = floor;
                }
            }
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
}
