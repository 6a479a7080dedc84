namespace Timbre.Recommendation.Similarity.Hnsw;

/// <summary>
/// Search state, rented for one search or insert and returned: a visited mark per node (a generation counter, so a
/// search clears nothing), the two heaps of the layer search and the widened query. A pool rather than one per
/// thread: at 1 M nodes each holds 2 MB of marks, and a server's thread pool starts and retires threads under load,
/// so per-thread state left a stream of dead 2 MB arrays on the large-object heap (≈ 2 MB/s, collected only by
/// the rare gen-2 collections) and kept one per thread that ever searched; pooled, there are as many as searches
/// ever ran at once.
/// </summary>
internal sealed class HnswScratch
{
    private const int MaxPooled = 64;
    private static readonly Stack<HnswScratch> Pool = new();

    private ushort[] _visited = [];
    private ushort _mark;

    public DistanceHeap Candidates { get; } = new();

    public DistanceHeap Results { get; } = new();

    public short[] Query { get; private set; } = [];

    public short[] Other { get; private set; } = [];

    public float[] Keys { get; private set; } = new float[64];

    public int[] Nodes { get; private set; } = new int[64];

    /// <summary>Scratch for a graph of <paramref name="nodes"/> nodes and codes of <paramref name="stride"/> bytes; give it back with <see cref="Return"/>.</summary>
    public static HnswScratch Rent(int nodes, int stride)
    {
        HnswScratch? s;
        lock (Pool)
        {
            Pool.TryPop(out s);
        }

        s ??= new HnswScratch();
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

    /// <summary>Gives <paramref name="s"/> back for the next search (no longer used by the caller).</summary>
    public static void Return(HnswScratch s)
    {
        lock (Pool)
        {
            if (Pool.Count < MaxPooled)
            {
                Pool.Push(s);
            }
        }
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
