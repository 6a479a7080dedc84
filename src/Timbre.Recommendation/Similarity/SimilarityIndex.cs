using System.Buffers;
using System.IO.Hashing;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;

namespace Timbre.Recommendation.Similarity;

/// <summary>
/// Exact nearest-neighbour index: all vectors in one contiguous row-major float32 matrix (L2-normalised by
/// default), SIMD scoring with <see cref="TensorPrimitives"/>, a bounded heap per worker and a parallel scan over
/// row blocks for large indexes. An index made by <see cref="OverRows"/> keeps the caller's row arrays instead (the
/// catalog's vectors are then held once, not once per track and again in a matrix); one made by <see cref="OverFile"/>
/// reads its rows from a file when it scores them (a scan in blocks of rows, <see cref="VectorAt"/> one row, a copy).
/// </summary>
public sealed class SimilarityIndex : ISimilarityIndex
{
    private const int BlockRows = 4096;
    private const int FileChunkRows = 256; // rows per read when a scan reads a file's rows (≈ 360 KB at 357-d)

    private readonly float[] _matrix;
    private readonly float[][]? _rows;
    private readonly FileMatrix? _file;
    private readonly int[]? _fileRow;
    private readonly ulong[]? _fileHashes;
    private readonly long[] _ids;
    private readonly Dictionary<long, int> _rowOf;
    private readonly SimilarityIndexOptions _options;

    /// <summary>Builds the index from one vector per id (copied).</summary>
    public SimilarityIndex(IReadOnlyList<long> ids, IReadOnlyList<float[]> vectors, SimilarityIndexOptions? options = null)
        : this(ids.ToArray(), Flatten(ids.Count, vectors, out var dim), dim, options)
    {
    }

    /// <summary>
    /// Builds the index over a row-major matrix of <paramref name="ids"/>.Length × <paramref name="dimension"/>.
    /// The matrix is taken over (not copied) and normalised in place when the options say so.
    /// </summary>
    public SimilarityIndex(long[] ids, float[] matrix, int dimension, SimilarityIndexOptions? options = null)
        : this(ids, matrix, dimension, options, normalizeFrom: 0)
    {
    }

    /// <summary>
    /// An index over <paramref name="rows"/> themselves (one array per id, taken over, not copied): normalised in
    /// place when the options say so, so whoever else holds those arrays sees unit vectors afterwards. Scores are
    /// bit-identical to a matrix index over the same vectors.
    /// </summary>
    public static SimilarityIndex OverRows(long[] ids, float[][] rows, SimilarityIndexOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(ids);
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Length != ids.Length)
        {
            throw new ArgumentException($"Got {ids.Length} ids but {rows.Length} vectors.", nameof(rows));
        }

        var dimension = rows.Length == 0 ? 0 : rows[0].Length;
        foreach (var row in rows)
        {
            if (row.Length != dimension)
            {
                throw new ArgumentException($"A vector has dimension {row.Length}, expected {dimension}.", nameof(rows));
            }
        }

        return new SimilarityIndex(ids, [], dimension, options, normalizeFrom: 0, rows);
    }

    /// <summary>
    /// An index over the rows of a matrix in a file (row r of the index is row r of <paramref name="file"/>), which
    /// must hold unit vectors already when the options normalise: nothing is read, copied or normalised up front; rows
    /// are read when they are scored, so they never stay resident in the process.
    /// <paramref name="hashes"/> (optional) are the rows' XxHash3 values as <see cref="RowHash"/> gives them, so the
    /// saved graph's check reads no vector.
    /// </summary>
    public static SimilarityIndex OverFile(long[] ids, FileMatrix file, ulong[]? hashes, SimilarityIndexOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(ids);
        ArgumentNullException.ThrowIfNull(file);
        if (file.Rows != ids.Length || (hashes is not null && hashes.Length != ids.Length))
        {
            throw new ArgumentException($"Got {ids.Length} ids for {file.Rows} rows in the file.", nameof(file));
        }

        return new SimilarityIndex(ids, [], file.Dimension, options, ids.Length, new float[ids.Length][], file, Enumerable.Range(0, ids.Length).ToArray(), hashes);
    }

    private SimilarityIndex(
        long[] ids, float[] matrix, int dimension, SimilarityIndexOptions? options, int normalizeFrom, float[][]? rows = null, FileMatrix? file = null, int[]? fileRow = null, ulong[]? fileHashes = null)
    {
        _options = (options ?? SimilarityIndexOptions.Default).Validate();
        if (dimension < 0 || (ids.Length > 0 && dimension == 0))
        {
            throw new ArgumentException($"Dimension must be positive, got {dimension}.", nameof(dimension));
        }

        if (rows is null && (long)ids.Length * dimension != matrix.LongLength)
        {
            throw new ArgumentException($"Matrix has {matrix.LongLength} values, expected {ids.Length} × {dimension}.", nameof(matrix));
        }

        _ids = ids;
        _matrix = matrix;
        _rows = rows;
        _file = file;
        _fileRow = fileRow;
        _fileHashes = fileHashes;
        Dimension = dimension;
        _rowOf = new Dictionary<long, int>(ids.Length);
        for (var r = 0; r < ids.Length; r++)
        {
            if (!_rowOf.TryAdd(ids[r], r))
            {
                throw new ArgumentException($"Duplicate track id {ids[r]} in the index.", nameof(ids));
            }

            if (_options.Normalize && r >= normalizeFrom)
            {
                VectorMath.NormalizeInPlace(rows is null ? _matrix.AsSpan(r * dimension, dimension) : rows[r]);
            }
        }
    }

    /// <summary>
    /// A new index with the rows of <paramref name="removeIds"/> dropped and <paramref name="addIds"/> appended, in
    /// order. Kept rows are copied as stored (not normalised again, so their scores stay bit-identical); only the
    /// added vectors are normalised. An index made by <see cref="OverRows"/> shares the kept row arrays and takes over
    /// the added ones (normalised in place), as <see cref="OverRows"/> does. No track data is re-read: this is what a new or removed track costs.
    /// </summary>
    public SimilarityIndex WithRows(IReadOnlyList<long> addIds, IReadOnlyList<float[]> addVectors, IReadOnlySet<long> removeIds)
    {
        ArgumentNullException.ThrowIfNull(addIds);
        ArgumentNullException.ThrowIfNull(addVectors);
        ArgumentNullException.ThrowIfNull(removeIds);
        var dimension = Count == 0 && addVectors.Count > 0 ? addVectors[0].Length : Dimension;
        var added = Flatten(addIds.Count, addVectors, out var addedDimension);
        if (addIds.Count > 0 && addedDimension != dimension)
        {
            throw new ArgumentException($"Added vectors have dimension {addedDimension}, the index has {dimension}.", nameof(addVectors));
        }

        var kept = Enumerable.Range(0, Count).Where(r => !removeIds.Contains(_ids[r])).ToList();
        if (_rows is not null)
        {
            // Kept rows are shared (the same arrays); added ones are taken over as OverRows takes its rows, then
            // normalised in place by the constructor.
            long[] rowIds = [.. kept.Select(r => _ids[r]), .. addIds];
            float[][] rows = [.. kept.Select(r => _rows[r]), .. addVectors];
            int[]? fileRow = _fileRow is null ? null : [.. kept.Select(r => _fileRow[r]), .. addIds.Select(_ => -1)];
            return new SimilarityIndex(rowIds, [], dimension, _options, normalizeFrom: kept.Count, rows, _file, fileRow, _fileHashes);
        }

        var ids = new long[kept.Count + addIds.Count];
        var matrix = new float[(long)ids.Length * dimension];
        for (var i = 0; i < kept.Count; i++)
        {
            ids[i] = _ids[kept[i]];
            VectorAt(kept[i]).CopyTo(matrix.AsSpan(i * dimension, dimension));
        }

        for (var i = 0; i < addIds.Count; i++)
        {
            ids[kept.Count + i] = addIds[i];
        }

        added.CopyTo(matrix, (long)kept.Count * dimension);
        return new SimilarityIndex(ids, matrix, dimension, _options, normalizeFrom: kept.Count);
    }

    /// <inheritdoc />
    public int Count => _ids.Length;

    /// <summary>
    /// Rows read from a snapshot file: a file's vectors were written from an index that held them (and a graph built
    /// over them checked they are finite), so checks that would read every row are left to a graph build.
    /// </summary>
    internal bool IsFileBacked => _file is not null;

    /// <inheritdoc />
    public int Dimension { get; }

    /// <inheritdoc />
    public SimilarityMetric Metric => _options.Metric;

    /// <summary>The options the index was built with.</summary>
    public SimilarityIndexOptions Options => _options;

    /// <inheritdoc />
    public long IdAt(int row) => _ids[row];

    /// <inheritdoc />
    public int RowOf(long id) => _rowOf.TryGetValue(id, out var row) ? row : -1;

    /// <inheritdoc />
    /// <remarks>A row of a file-backed index (<see cref="OverFile"/>) is read from the file into a new array.</remarks>
    public ReadOnlySpan<float> VectorAt(int row)
        => _rows is null ? _matrix.AsSpan(row * Dimension, Dimension)
            : _fileRow is not null && _fileRow[row] >= 0 ? _file!.Row(_fileRow[row])
            : _rows[row];

    /// <summary>
    /// Dot product of a stored row with <paramref name="query"/> (already prepared: unit length for cosine), equal to
    /// the row's cosine score in a scan; a row in a file is read into a stack buffer, not a new array.
    /// </summary>
    internal float DotRow(int row, ReadOnlySpan<float> query)
    {
        if (_fileRow is not null && _fileRow[row] >= 0 && Dimension <= 2048)
        {
            Span<float> v = stackalloc float[Dimension];
            _file!.Read(_fileRow[row], 1, v);
            return DotKernel.DotRow(v, query);
        }

        return DotKernel.DotRow(VectorAt(row), query);
    }

    /// <summary>The XxHash3 of a row's stored floats (from the snapshot file's column when it has one, else computed).</summary>
    public ulong RowHash(int row)
        => _fileHashes is not null && _fileRow![row] >= 0 ? _fileHashes[_fileRow[row]] : XxHash3.HashToUInt64(MemoryMarshal.AsBytes(VectorAt(row)));

    /// <inheritdoc />
    public float ScoreRows(int a, int b) => VectorMath.Score(_options.Metric, _options.P, VectorAt(a), VectorAt(b));

    /// <summary>Similarity of an outside vector (normalised here when the options say so) to a stored row.</summary>
    public float ScoreQuery(ReadOnlySpan<float> query, int row)
    {
        var q = PrepareQuery(query);
        return VectorMath.Score(_options.Metric, _options.P, q, VectorAt(row));
    }

    /// <inheritdoc />
    public void ScoreAll(ReadOnlySpan<float> query, Span<float> scores)
    {
        if (scores.Length != Count)
        {
            throw new ArgumentException($"Score buffer has length {scores.Length}, index has {Count} rows.", nameof(scores));
        }

        var q = PrepareQuery(query);
        ScoreRange(q, 0, Count, scores);
    }

    /// <inheritdoc />
    public IReadOnlyList<Neighbor> Search(ReadOnlySpan<float> query, int k, IReadOnlySet<long>? excludeIds = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        var q = PrepareQuery(query);
        return ParallelTopK.Neighbors(Count, k, _options, BlockRows, (s, e, h, b) => ScanBlocks(q, s, e, h, excludeIds, b), r => _ids[r]);
    }

    private void ScanBlocks(float[] q, int start, int end, TopKHeap heap, IReadOnlySet<long>? excludeIds, float[] buffer)
    {
        for (var block = start; block < end; block += BlockRows)
        {
            var rows = Math.Min(BlockRows, end - block);
            var scores = buffer.AsSpan(0, rows);
            ScoreRange(q, block, rows, scores);
            var threshold = heap.Threshold;
            for (var i = 0; i < scores.Length; i++)
            {
                var s = scores[i];
                if (s < threshold || !heap.Accepts(s, block + i))
                {
                    continue;
                }

                if (excludeIds is not null && excludeIds.Contains(_ids[block + i]))
                {
                    continue;
                }

                heap.Add(s, block + i);
                threshold = heap.Threshold;
            }
        }
    }

    private void ScoreRange(ReadOnlySpan<float> q, int start, int rows, Span<float> scores)
    {
        var d = Dimension;
        if (_file is not null)
        {
            ScoreFileRange(q, start, rows, scores);
            return;
        }

        if (_rows is not null)
        {
            for (var i = 0; i < rows; i++)
            {
                scores[i] = ScoreRow(VectorAt(start + i), q);
            }

            return;
        }

        var m = _matrix.AsSpan(start * d, rows * d);
        switch (_options.Metric)
        {
            case SimilarityMetric.Cosine:
                DotKernel.DotRows(m, q, d, scores[..rows]);
                break;
            case SimilarityMetric.Euclidean:
                for (var i = 0; i < rows; i++)
                {
                    scores[i] = -TensorPrimitives.Distance(m.Slice(i * d, d), q);
                }

                break;
            default:
                for (var i = 0; i < rows; i++)
                {
                    scores[i] = -VectorMath.Minkowski(m.Slice(i * d, d), q, _options.P);
                }

                break;
        }
    }

    /// <summary>Scores rows of a file-backed index: runs of consecutive file rows are read in chunks, appended rows one by one.</summary>
    private void ScoreFileRange(ReadOnlySpan<float> q, int start, int rows, Span<float> scores)
    {
        var d = Dimension;
        var buffer = ArrayPool<float>.Shared.Rent(FileChunkRows * d);
        try
        {
            var i = 0;
            while (i < rows)
            {
                var first = _fileRow![start + i];
                if (first < 0)
                {
                    scores[i] = ScoreRow(_rows![start + i], q);
                    i++;
                    continue;
                }

                var run = 1;
                while (run < FileChunkRows && i + run < rows && _fileRow[start + i + run] == first + run)
                {
                    run++;
                }

                var chunk = buffer.AsSpan(0, run * d);
                _file!.Read(first, run, chunk);
                if (_options.Metric == SimilarityMetric.Cosine)
                {
                    DotKernel.DotRows(chunk, q, d, scores.Slice(i, run));
                }
                else
                {
                    for (var j = 0; j < run; j++)
                    {
                        scores[i + j] = ScoreRow(chunk.Slice(j * d, d), q);
                    }
                }

                i += run;
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(buffer);
        }
    }

    private float ScoreRow(ReadOnlySpan<float> v, ReadOnlySpan<float> q) => _options.Metric switch
    {
        SimilarityMetric.Cosine => DotKernel.DotRow(v, q),
        SimilarityMetric.Euclidean => -TensorPrimitives.Distance(v, q),
        _ => -VectorMath.Minkowski(v, q, _options.P),
    };

    private float[] PrepareQuery(ReadOnlySpan<float> query)
    {
        if (query.Length != Dimension)
        {
            throw new ArgumentException($"Query has dimension {query.Length}, the index has {Dimension}.", nameof(query));
        }

        return _options.Normalize ? VectorMath.Normalized(query) : query.ToArray();
    }

    private static float[] Flatten(int count, IReadOnlyList<float[]> vectors, out int dimension)
    {
        if (vectors.Count != count)
        {
            throw new ArgumentException($"Got {count} ids but {vectors.Count} vectors.", nameof(vectors));
        }

        dimension = count == 0 ? 0 : vectors[0].Length;
        var matrix = new float[(long)count * dimension];
        for (var r = 0; r < count; r++)
        {
            if (vectors[r].Length != dimension)
            {
                throw new ArgumentException($"Vector {r} has dimension {vectors[r].Length}, expected {dimension}.", nameof(vectors));
            }

            vectors[r].CopyTo(matrix, (long)r * dimension);
        }

        return matrix;
    }
}
