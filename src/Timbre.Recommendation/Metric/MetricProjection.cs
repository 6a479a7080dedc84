namespace Timbre.Recommendation.Metric;

/// <summary>
/// A learned metric as a linear map: y = W · clip((x − <see cref="Center"/>) / <see cref="Scale"/>), compared by cosine,
/// where clip limits each standardised value to ±<see cref="Clip"/> (when set).
/// <see cref="Weights"/> has one row of <see cref="InputDimension"/> values per output dimension.
/// </summary>
public sealed record MetricProjection
{
    /// <summary>How the map was learned.</summary>
    public required MetricMethod Method { get; init; }

    /// <summary>Per-dimension centre subtracted first (the training rows' median).</summary>
    public required float[] Center { get; init; }

    /// <summary>Per-dimension divisor applied after centring (the training rows' robust scale); all positive.</summary>
    public required float[] Scale { get; init; }

    /// <summary>Standardised values are clipped to ±this before the map; null: no clipping.</summary>
    public double? Clip { get; init; }

    /// <summary>The map W: <see cref="OutputDimension"/> rows of <see cref="InputDimension"/> values.</summary>
    public required float[][] Weights { get; init; }

    /// <summary>Length of the vectors the projection takes.</summary>
    public int InputDimension => Center.Length;

    /// <summary>Length of the vectors it gives.</summary>
    public int OutputDimension => Weights.Length;

    /// <summary>Projects one vector.</summary>
    /// <exception cref="MetricLearningException">The vector's length is not <see cref="InputDimension"/>.</exception>
    public float[] Apply(ReadOnlySpan<float> x)
    {
        if (x.Length != InputDimension)
        {
            throw new MetricLearningException($"The metric projection takes {InputDimension} values, the vector has {x.Length}.");
        }

        Span<double> z = x.Length <= 4096 ? stackalloc double[x.Length] : new double[x.Length];
        var clip = Clip ?? double.PositiveInfinity;
        for (var j = 0; j < x.Length; j++)
        {
            z[j] = Math.Clamp((x[j] - (double)Center[j]) / Scale[j], -clip, clip);
        }

        var y = new float[OutputDimension];
        for (var k = 0; k < y.Length; k++)
        {
            var row = Weights[k];
            var sum = 0.0;
            for (var j = 0; j < row.Length; j++)
            {
                sum += row[j] * z[j];
            }

            y[k] = (float)sum;
        }

        return y;
    }

    /// <summary>Projects every vector.</summary>
    public float[][] ApplyAll(IReadOnlyList<float[]> vectors) => [.. vectors.Select(v => Apply(v))];

    /// <summary>The standardisation alone (W = I): the baseline a learned map is compared against.</summary>
    public MetricProjection StandardisationOnly() => this with
    {
        Weights = [.. Enumerable.Range(0, InputDimension).Select(k =>
        {
            var row = new float[InputDimension];
            row[k] = 1;
            return row;
        })],
    };
}
