namespace Timbre.Dsp;

/// <summary>
/// A dense feature matrix stored row-major: rows are bands or coefficients, columns are frames.
/// </summary>
public sealed class FeatureMatrix
{
    /// <summary>Creates a zero-filled matrix.</summary>
    /// <param name="rows">Number of rows (bands/coefficients), ≥ 0.</param>
    /// <param name="cols">Number of columns (frames), ≥ 0.</param>
    public FeatureMatrix(int rows, int cols)
        : this(rows, cols, new float[checked(rows * cols)])
    {
    }

    /// <summary>Wraps existing row-major data (not copied).</summary>
    /// <param name="rows">Number of rows.</param>
    /// <param name="cols">Number of columns.</param>
    /// <param name="data">Row-major data of length rows × cols.</param>
    public FeatureMatrix(int rows, int cols, float[] data)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(cols);
        ArgumentNullException.ThrowIfNull(data);
        if (data.Length != (long)rows * cols)
        {
            throw new ArgumentException($"Data length {data.Length} does not equal rows × cols = {rows} × {cols}.", nameof(data));
        }

        Rows = rows;
        Cols = cols;
        Data = data;
    }

    /// <summary>Number of rows (mel bands, frequency bins or coefficients).</summary>
    public int Rows { get; }

    /// <summary>Number of columns (frames).</summary>
    public int Cols { get; }

    /// <summary>Row-major values: element (r, c) is at <c>r * Cols + c</c>.</summary>
    public float[] Data { get; }

    /// <summary>Gets or sets the element at row <paramref name="row"/>, column <paramref name="col"/>.</summary>
    public float this[int row, int col]
    {
        get => Data[Index(row, col)];
        set => Data[Index(row, col)] = value;
    }

    /// <summary>The values of one row (one band across all frames).</summary>
    public Span<float> Row(int row)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(row);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(row, Rows);
        return Data.AsSpan(row * Cols, Cols);
    }

    /// <summary>Copies one column (one frame across all rows) into a new array.</summary>
    public float[] Column(int col)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(col);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(col, Cols);
        var result = new float[Rows];
        for (var r = 0; r < Rows; r++)
        {
            result[r] = Data[r * Cols + col];
        }

        return result;
    }

    private int Index(int row, int col)
    {
        if ((uint)row >= (uint)Rows || (uint)col >= (uint)Cols)
        {
            throw new ArgumentOutOfRangeException(nameof(row), $"Index ({row}, {col}) is outside a {Rows} × {Cols} matrix.");
        }

        return row * Cols + col;
    }
}
