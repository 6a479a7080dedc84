namespace Timbre.Recommendation.Similarity;

/// <summary>Splits a row range into parts, scans them in parallel with one heap and buffer per worker, merges the heaps.</summary>
internal static class ParallelTopK
{
    /// <summary>A scan of rows [start, end) into a worker's heap, with a scratch buffer of block size.</summary>
    public delegate void RangeScan(int start, int end, TopKHeap heap, float[] buffer);

    /// <summary>
    /// The best <paramref name="k"/> rows of <paramref name="count"/>, best first, as neighbours: scanned serially below
    /// <see cref="SimilarityIndexOptions.ParallelThreshold"/> rows (or with one degree of parallelism), in parallel otherwise.
    /// </summary>
    public static Neighbor[] Neighbors(int count, int k, SimilarityIndexOptions options, int blockRows, RangeScan scan, Func<int, long> idAt)
    {
        var capacity = Math.Min(k, count);
        if (capacity == 0)
        {
            return [];
        }

        TopKHeap heap;
        if (count < options.ParallelThreshold || options.MaxDegreeOfParallelism == 1)
        {
            heap = new TopKHeap(capacity);
            scan(0, count, heap, new float[Math.Min(blockRows, count)]);
        }
        else
        {
            heap = Search(count, capacity, options.MaxDegreeOfParallelism, blockRows, scan);
        }

        var sorted = heap.ToSortedArray();
        var result = new Neighbor[sorted.Length];
        for (var i = 0; i < sorted.Length; i++)
        {
            result[i] = new Neighbor(sorted[i].Row, idAt(sorted[i].Row), sorted[i].Score);
        }

        return result;
    }

    private static TopKHeap Search(int count, int capacity, int maxDegree, int blockRows, RangeScan scan)
    {
        var workers = maxDegree == -1 ? Environment.ProcessorCount : maxDegree;
        var parts = workers * 4;
        var rowsPerPart = (count + parts - 1) / parts;
        var merged = new TopKHeap(capacity);
        var gate = new object();
        Parallel.For(
            0,
            parts,
            new ParallelOptions { MaxDegreeOfParallelism = workers },
            () => (Heap: new TopKHeap(capacity), Buffer: new float[blockRows]),
            (part, _, local) =>
            {
                var start = part * rowsPerPart;
                var end = Math.Min(count, start + rowsPerPart);
                if (start < end)
                {
                    scan(start, end, local.Heap, local.Buffer);
                }

                return local;
            },
            local =>
            {
                lock (gate)
                {
                    merged.AddAll(local.Heap);
                }
            });
        return merged;
    }
}
