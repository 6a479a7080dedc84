namespace Timbre.Recommendation.Similarity.Hnsw;

/// <summary>A binary max-heap of (key, node) pairs on two growable arrays; the search keeps one per thread.</summary>
internal sealed class DistanceHeap
{
    private float[] _keys = new float[64];
    private int[] _nodes = new int[64];

    public int Count { get; private set; }

    public float TopKey => _keys[0];

    public int TopNode => _nodes[0];

    public void Clear() => Count = 0;

    public void Push(float key, int node)
    {
        if (Count == _keys.Length)
        {
            Array.Resize(ref _keys, Count * 2);
            Array.Resize(ref _nodes, Count * 2);
        }

        var i = Count++;
        while (i > 0)
        {
            var parent = (i - 1) >> 1;
            if (_keys[parent] >= key)
            {
                break;
            }

            _keys[i] = _keys[parent];
            _nodes[i] = _nodes[parent];
            i = parent;
        }

        _keys[i] = key;
        _nodes[i] = node;
    }

    public void Pop()
    {
        var n = --Count;
        if (n > 0)
        {
            SiftDown(_keys[n], _nodes[n], n);
        }
    }

    /// <summary>Pop then push in one pass (the full result list taking a nearer node).</summary>
    public void ReplaceTop(float key, int node) => SiftDown(key, node, Count);

    private void SiftDown(float key, int node, int n)
    {
        var i = 0;
        while (true)
        {
            var child = (2 * i) + 1;
            if (child >= n)
            {
                break;
            }

            if (child + 1 < n && _keys[child + 1] > _keys[child])
            {
                child++;
            }

            if (_keys[child] <= key)
            {
                break;
            }

            _keys[i] = _keys[child];
            _nodes[i] = _nodes[child];
            i = child;
        }

        _keys[i] = key;
        _nodes[i] = node;
    }

    /// <summary>Moves the entries out, largest key first, into <paramref name="keys"/> and <paramref name="nodes"/> (emptying the heap).</summary>
    public int Drain(Span<float> keys, Span<int> nodes)
    {
        var n = Count;
        for (var i = n - 1; i >= 0; i--)
        {
            keys[n - 1 - i] = TopKey;
            nodes[n - 1 - i] = TopNode;
            Pop();
        }

        return n;
    }
}
