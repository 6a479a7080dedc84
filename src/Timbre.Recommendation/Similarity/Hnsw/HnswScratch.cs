namespace Timbre.Recommendation.Similarity.Hnsw;

/// <summary>
/// Per-thread search state: a visited mark per node (a generation counter, so a search clears nothing), the two
/// heaps of the layer search and the widened query.
/// </summary>
internal sealed class HnswScratch
{
    [ThreadStatic]
    private static HnswScratch? t_current;

    private ushort[] _visited = [];
    private ushort _mark;

    public DistanceHeap Candidates { get; } = new();

    public DistanceHeap Results { get; } = new();

    public short[] Query { get; private set; } = [];

    public short[] Other { get; private set; } = [];

    public float[] Keys { get; private set; } = new float[64];

    public int[] Nodes { get; private set; } = new int[64];

    public static HnswScratch For(int nodes, int stride)
    {
        var s = t_current ??= new HnswScratch();
        if (s._visited.Length < nodes)
        {
            s._visited = new ushort[Math.Max(nodes, s._visited.Length * 2)];
            s._mark = 0;
        }

        if (s.Query.Length != stride)
        {
            s.Query = new short[stride];
            s.Other = new short[stride];
        }

        return s;
    }

    /// <summary>Room for <paramref name="count"/> drained heap entries.</summary>
    public void EnsureDrain(int count)
    {
        if (Keys.Length < count)
        {
            Keys = new float[count * 2];
            Nodes = new int[count * 2];
        }
    }

    /// <summary>Starts a new search: every node reads as unvisited.</summary>
    public void NewVisit()
    {
        if (++_mark == 0)
        {
            Array.Clear(_visited);
            _mark = 1;
        }
    }

    /// <summary>The visited marks (pinned by the walk) and the current mark.</summary>
    public ushort[] VisitedMarks => _visited;

    public ushort Mark => _mark;

    /// <summary>Marks <paramref name="node"/> visited; false when it already was.</summary>
    public bool Visit(int node)
    {
        ref var v = ref _visited[node];
        if (v == _mark)
        {
            return false;
        }

        v = _mark;
        return true;
    }
}
