using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Timbre.Recommendation.Similarity;

/// <summary>
/// A read-only row-major float32 matrix inside a file, read row by row with positioned reads (no mapping): a search
/// copies only the rows it scores into its own buffers, so the rows never become part of the process's resident
/// memory; the operating system's page cache keeps the file's recently read pages (shared, and dropped under memory
/// pressure). A mapping would leave every page a search ever touched resident in the process (at 1 M × 357-d the
/// whole 1.4 GB after a minute of random searches). The file is opened for random access (no read-ahead); the
/// handle closes when the matrix is collected.
/// </summary>
public sealed class FileMatrix
{
    private readonly SafeFileHandle _file;
    private readonly long _offset;

    /// <summary>Reads <paramref name="rows"/> × <paramref name="dimension"/> floats at <paramref name="offset"/> of <paramref name="path"/>.</summary>
    public FileMatrix(string path, long offset, int rows, int dimension)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(dimension);
        Rows = rows;
        Dimension = dimension;
        _offset = offset;
        _file = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, FileOptions.RandomAccess);
        if (offset + ((long)rows * dimension * sizeof(float)) > RandomAccess.GetLength(_file))
        {
            _file.Dispose();
            throw new ArgumentException($"The file '{path}' is shorter than its {rows} × {dimension} matrix.", nameof(path));
        }
    }

    /// <summary>Row count.</summary>
    public int Rows { get; }

    /// <summary>Floats per row.</summary>
    public int Dimension { get; }

    /// <summary>A copy of one row.</summary>
    public float[] Row(int row)
    {
        var result = new float[Dimension];
        Read(row, 1, result);
        return result;
    }

    /// <summary>Copies <paramref name="count"/> consecutive rows from <paramref name="first"/> into <paramref name="destination"/>.</summary>
    public void Read(int first, int count, Span<float> destination)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(first);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan((long)first + count, Rows, nameof(count));
        var bytes = MemoryMarshal.AsBytes(destination[..checked(count * Dimension)]);
        var position = _offset + ((long)first * Dimension * sizeof(float));
        while (bytes.Length > 0)
        {
            var read = RandomAccess.Read(_file, bytes, position);
            if (read == 0)
            {
                throw new EndOfStreamException("The matrix file ended before its rows (truncated while open?).");
            }

            bytes = bytes[read..];
            position += read;
        }
    }
}
