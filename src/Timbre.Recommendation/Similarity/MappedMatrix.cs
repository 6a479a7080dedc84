using System.IO.MemoryMappedFiles;

namespace Timbre.Recommendation.Similarity;

/// <summary>
/// A read-only row-major float32 matrix inside a file, memory-mapped: rows are read where they lie, so only the
/// pages a search touches are resident, and the operating system may drop them again under memory pressure. Held
/// by the indexes made over it; the view is unmapped when the last of them is collected.
/// </summary>
public sealed unsafe class MappedMatrix
{
    private readonly MemoryMappedFile _file;
    private readonly MemoryMappedViewAccessor _view;
    private readonly float* _first;

    /// <summary>Maps <paramref name="rows"/> × <paramref name="dimension"/> floats at <paramref name="offset"/> of <paramref name="path"/> (offset a multiple of 4).</summary>
    public MappedMatrix(string path, long offset, int rows, int dimension)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(dimension);
        Rows = rows;
        Dimension = dimension;
        _file = MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
        _view = _file.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read);
        if (offset + ((long)rows * dimension * sizeof(float)) > (long)_view.SafeMemoryMappedViewHandle.ByteLength)
        {
            _view.Dispose();
            _file.Dispose();
            throw new ArgumentException($"The file '{path}' is shorter than its {rows} × {dimension} matrix.", nameof(path));
        }

        // No reference count taken: the view's handle unmaps when it is collected, which is when this matrix is.
        var start = (byte*)_view.SafeMemoryMappedViewHandle.DangerousGetHandle();
        _first = (float*)(start + _view.PointerOffset + offset);
    }

    /// <summary>Row count.</summary>
    public int Rows { get; }

    /// <summary>Floats per row.</summary>
    public int Dimension { get; }

    /// <summary>One row, read from the mapping.</summary>
    public ReadOnlySpan<float> Row(int row)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)row, (uint)Rows, nameof(row));
        return new ReadOnlySpan<float>(_first + ((long)row * Dimension), Dimension);
    }
}
