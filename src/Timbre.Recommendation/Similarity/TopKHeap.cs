namespace Timbre.Recommendation.Similarity;

/// <summary>
/// Bounded min-heap keeping the k best (score, row) pairs. "Better" means higher score, then lower row, so
/// results are deterministic under ties.
/// </summary>
internal sealed class TopKHeap
{
    private readonly float[] _scores;
    private readonly int[] _rows;

    public TopKHeap(int capacity)
    {
        _scores = new float[capacity];
        _rows = new int[capacity];
    }

    public int Count { get; private set; }

    public int Capacity => _scores.Length;

    /// <summary>Score a candidate must reach to possibly enter (−inf while not full).</summary>
    public float Threshold => Count < _scores.Length ? float.NegativeInfinity : _scores[0];

    /// <summary>True when the pair would enter the heap.</summary>
    public bool Accepts(float score, int row)
    {
        if (Count < _scores.Length)
        {
            return true;
        }

        return Capacity > 0 && IsBetter(score, row, _scores[0], _rows[0]);
    }

    public void Add(float score, int row)
    {
        if (Count < _scores.Length)
        {
            var i = Count++;
            _scores[i] = score;
            _rows[i] = row;
            SiftUp(i);
            return;
        }

        if (Capacity == 0 || !IsBetter(score, row, _scores[0], _rows[0]))
        {
            return;
        }

        _scores[0] = score;
        _rows[0] = row;
        SiftDown(0);
    }

    public void AddAll(TopKHeap other)
    {
        for (var i = 0; i < other.Count; i++)
        {
            Add(other._scores[i], other._rows[i]);
        }
    }

    /// <summary>Contents ordered best first.</summary>
    public (float Score, int Row)[] ToSortedArray()
    {
        var result = new (float Score, int Row)[Count];
        for (var i = 0; i < Count; i++)
        {
            result[i] = (_scores[i], _rows[i]);
        }

        Array.Sort(result, static (a, b) => IsBetter(a.Score, a.Row, b.Score, b.Row) ? -1 : IsBetter(b.Score, b.Row, a.Score, a.Row) ? 1 : 0);
        return result;
    }

    internal static bool IsBetter(float score, int row, float otherScore, int otherRow)
        => score > otherScore || (score == otherScore && row < otherRow);

    private void SiftUp(int i)
    {
        while (i > 0)
        {
            var parent = (i - 1) >> 1;
            if (!IsBetter(_scores[parent], _rows[parent], _scores[i], _rows[i]))
            {
                break;
            }

            Swap(i, parent);
            i = parent;
        }
    }

    private void SiftDown(int i)
    {
        while (true)
        {
            var left = (2 * i) + 1;
            if (left >= Count)
            {
                return;
            }

            var worst = left;
            var right = left + 1;
            if (right < Count && IsBetter(_scores[worst], _rows[worst], _scores[right], _rows[right]))
            {
                worst = right;
            }

            if (!IsBetter(_scores[i], _rows[i], _scores[worst], _rows[worst]))
            {
                return;
            }

            Swap(i, worst);
            i = worst;
        }
    }

    private void Swap(int a, int b)
    {
        (_scores[a], _scores[b]) = (_scores[b], _scores[a]);
        (_rows[a], _rows[b]) = (_rows[b], _rows[a]);
    }
}
