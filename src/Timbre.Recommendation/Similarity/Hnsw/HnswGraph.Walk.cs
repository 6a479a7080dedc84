using System.Runtime.Intrinsics.X86;

namespace Timbre.Recommendation.Similarity.Hnsw;

/// <summary>The layer searches and the insertion of <see cref="HnswGraph"/> (hnswlib's algorithms).</summary>
internal sealed unsafe partial class HnswGraph
{
    /// <summary>Greedy descent from <paramref name="entry"/> through the levels above <paramref name="stopLevel"/> - 1.</summary>
    private int Descend(ReadOnlySpan<short> q, float qInverse, int entry, int fromLevel, int stopLevel)
    {
        var current = entry;
        var best = Distance(q, qInverse, current);
        for (var level = fromLevel; level >= stopLevel; level--)
        {
            var changed = true;
            while (changed)
            {
                changed = false;
                var links = LinksOf(current, level);
                var count = Volatile.Read(ref links[0]); // a parallel add writes the ids before the count
                for (var i = 1; i <= count; i++)
                {
                    var d = Distance(q, qInverse, links[i]);
                    if (d < best)
                    {
                        best = d;
                        current = links[i];
                        changed = true;
                    }
                }
            }
        }

        return current;
    }

    /// <summary>
    /// The level-0 search of a query: leaves the <paramref name="ef"/> nearest live nodes in the scratch's results
    /// (a max-heap on distance). Tombstones are walked through but not kept (hnswlib's searchBaseLayerST). The
    /// unvisited neighbours of a node are gathered and their codes prefetched before any distance is taken.
    /// </summary>
    private void SearchBase(HnswScratch s, short[] query, float qInverse, int entry, int ef)
    {
        var candidates = s.Candidates;
        var results = s.Results;
        candidates.Clear();
        results.Clear();
        s.NewVisit();
        s.Visit(entry);
        var mark = s.Mark;
        var d0 = Distance(query, qInverse, entry);
        var bound = float.MaxValue;
        if (!_rows.Deleted[entry])
        {
            results.Push(d0, entry);
            bound = d0;
        }

        var tombstones = _live != _nodes;
        candidates.Push(-d0, entry);
        var stride = _stride;
        var stride0 = _m0 + 1;
        var fresh = stackalloc int[_m0];
        var codes = _rows.Codes;
        var links0 = _rows.Links0;
        var inverseNorms = _rows.InverseNorms;
        var deleted = _rows.Deleted;
        fixed (ushort* visited = s.VisitedMarks)
        fixed (short* q = query)
        {
            while (candidates.Count > 0)
            {
                var cd = -candidates.TopKey;
                if (cd > bound && (results.Count == ef || !tombstones))
                {
                    break;
                }

                var links = links0 + ((long)candidates.TopNode * stride0);
                candidates.Pop();
                var n = links[0];
                var count = 0;
                for (var i = 1; i <= n; i++)
                {
                    var node = links[i];
                    if (visited[node] == mark)
                    {
                        continue;
                    }

                    visited[node] = mark;
                    var x = codes + ((long)node * stride);
                    if (Sse.IsSupported)
                    {
                        Sse.Prefetch0(x);
                        Sse.Prefetch0(x + 64);
                    }

                    fresh[count++] = node;
                }

                for (var i = 0; i < count; i++)
                {
                    var node = fresh[i];
                    var d = 1 - (Int8Kernel.Dot(q, codes + ((long)node * stride), stride) * qInverse * inverseNorms[node]);
                    if (d < bound || results.Count < ef)
                    {
                        candidates.Push(-d, node);
                        if (!deleted[node])
                        {
                            if (results.Count < ef)
                            {
                                results.Push(d, node);
                            }
                            else
                            {
                                results.ReplaceTop(d, node);
                            }
                        }

                        if (results.Count > 0)
                        {
                            bound = results.TopKey;
                        }
                    }
                }
            }
        }
    }

    /// <summary>The search of one level while inserting: the <paramref name="ef"/> nearest nodes (tombstones included) in the scratch's results.</summary>
    private void SearchLayer(HnswScratch s, ReadOnlySpan<short> q, float qInverse, int entry, int ef, int level)
    {
        var candidates = s.Candidates;
        var results = s.Results;
        candidates.Clear();
        results.Clear();
        s.NewVisit();
        s.Visit(entry);
        var d0 = Distance(q, qInverse, entry);
        results.Push(d0, entry);
        candidates.Push(-d0, entry);
        var bound = d0;
        while (candidates.Count > 0)
        {
            if (-candidates.TopKey > bound && results.Count == ef)
            {
                break;
            }

            var c = candidates.TopNode;
            candidates.Pop();
            var links = LinksOf(c, level);
            var count = Volatile.Read(ref links[0]);
            for (var i = 1; i <= count; i++)
            {
                var node = links[i];
                if (!s.Visit(node))
                {
                    continue;
                }

                var d = Distance(q, qInverse, node);
                if (results.Count < ef || d < bound)
                {
                    candidates.Push(-d, node);
                    results.Push(d, node);
                    if (results.Count > ef)
                    {
                        results.Pop();
                    }

                    bound = results.TopKey;
                }
            }
        }
    }

    /// <summary>
    /// Gives each row its node, in order: key, code, 1/‖code‖, no links yet, and a level drawn from the seeded random
    /// source (so the levels do not depend on the thread count) with its lists in the pool. A key already in the
    /// graph leaves a tombstone. Returns the first new node.
    /// </summary>
    private int Place(IReadOnlyList<long> ids, Func<int, ReadOnlySpan<float>> vectorOf)
    {
        var first = _nodes;
        var table = Table();
        Grow(_nodes + ids.Count);
        table.Reserve(_nodes + ids.Count, _rows.Keys); // a build: one table of the right size
        var r = _rows;
        for (var i = 0; i < ids.Count; i++)
        {
            var node = _nodes++;
            var old = table.Find(ids[i], r.Keys);
            if (old >= 0 && !r.Deleted[old])
            {
                r.Deleted[old] = true; // a new vector for a key: the old node becomes a tombstone
                _live--;
            }

            r.Keys[node] = ids[i];
            r.Deleted[node] = false;
            table.Set(ids[i], node, r.Keys);
            _live++;
            var code = new Span<sbyte>(r.Codes + ((long)node * _stride), _stride);
            code[Dimension..].Clear();
            r.InverseNorms[node] = Int8Kernel.Encode(vectorOf(i), code[..Dimension]);
            r.Links0[(long)node * (_m0 + 1)] = 0;
            var level = (int)(-Math.Log(1 - _random.NextDouble()) * _levelScale);
            r.UpperAt[node] = level > 0 ? PlaceUpper(level) : -1;
        }

        return first;
    }

    /// <summary>Room in the pool for <paramref name="level"/> empty lists after their count; returns where.</summary>
    private int PlaceUpper(int level)
    {
        var at = _poolUsed;
        var length = 1 + (level * (_m + 1));
        _rows.GrowPool(at + length, _poolUsed);
        var lists = new Span<int>(_rows.Pool + at, length);
        lists.Clear();
        lists[0] = level;
        _poolUsed += length;
        return at;
    }

    /// <summary>Links a placed node into the graph (hnswlib's addPoint); safe to run for several nodes at once.</summary>
    private void Link(int node)
    {
        var level = LevelOf(node);
        _top.Enter();
        var entry = _entry;
        var maxLevel = _maxLevel;
        var raisesTop = level > maxLevel;
        if (!raisesTop)
        {
            _top.Exit();
        }

        HnswScratch? s = null;
        try
        {
            if (entry < 0)
            {
                _entry = node;
                _maxLevel = level;
                return;
            }

            s = HnswScratch.Rent(_nodes, _stride);
            var q = s.Query;
            var inverse = _rows.InverseNorms[node];
            Int8Kernel.Widen(CodesOf(node), q);
            var current = maxLevel > level ? Descend(q, inverse, entry, maxLevel, level + 1) : entry;
            for (var l = Math.Min(level, maxLevel); l >= 0; l--)
            {
                SearchLayer(s, q, inverse, current, _expansionAdd, l);
                s.EnsureDrain(s.Results.Count);
                var n = s.Results.Drain(s.Keys, s.Nodes);
                s.Keys.AsSpan(0, n).Reverse();
                s.Nodes.AsSpan(0, n).Reverse(); // nearest first
                current = s.Nodes[0];
                var selected = SelectNeighbours(s, s.Keys.AsSpan(0, n), s.Nodes.AsSpan(0, n), _m);
                lock (LinkLock(node))
                {
                    var own = LinksOf(node, l);
                    s.Nodes.AsSpan(0, selected).CopyTo(own[1..]);
                    Volatile.Write(ref own[0], selected);
                }

                for (var i = 0; i < selected; i++)
                {
                    Connect(s, s.Nodes[i], node, l);
                }
            }

            if (raisesTop)
            {
                _entry = node;
                _maxLevel = level;
            }
        }
        finally
        {
            if (s is not null)
            {
                HnswScratch.Return(s);
            }

            if (raisesTop)
            {
                _top.Exit();
            }
        }
    }

    private Lock LinkLock(int node) => _linkLocks[node & (LinkLockCount - 1)];

    /// <summary>
    /// hnswlib's getNeighborsByHeuristic2 on candidates sorted nearest first: keeps a candidate only when it is nearer
    /// to the base than to every one kept so far, up to <paramref name="max"/>; the kept ones are moved to the front.
    /// </summary>
    private int SelectNeighbours(HnswScratch s, Span<float> distances, Span<int> nodes, int max)
    {
        if (nodes.Length <= max)
        {
            return nodes.Length;
        }

        var kept = 0;
        var wide = s.Other;
        for (var i = 0; i < nodes.Length && kept < max; i++)
        {
            var c = nodes[i];
            Int8Kernel.Widen(CodesOf(c), wide);
            var good = true;
            for (var j = 0; j < kept; j++)
            {
                if (Distance(wide, _rows.InverseNorms[c], nodes[j]) < distances[i])
                {
                    good = false;
                    break;
                }
            }

            if (good)
            {
                distances[kept] = distances[i];
                nodes[kept++] = c;
            }
        }

        return kept;
    }

    /// <summary>Adds the link <paramref name="from"/> → <paramref name="to"/>, re-selecting from's links by the heuristic when they are full.</summary>
    private void Connect(HnswScratch s, int from, int to, int level)
    {
        lock (LinkLock(from))
        {
            ConnectLocked(s, from, to, level);
        }
    }

    private void ConnectLocked(HnswScratch s, int from, int to, int level)
    {
        var links = LinksOf(from, level);
        var max = level == 0 ? _m0 : _m;
        var n = links[0];
        if (n < max)
        {
            links[n + 1] = to;
            Volatile.Write(ref links[0], n + 1);
            return;
        }

        Span<float> distances = stackalloc float[max + 1];
        Span<int> nodes = stackalloc int[max + 1];
        var wide = s.Other;
        Int8Kernel.Widen(CodesOf(from), wide);
        var inverse = _rows.InverseNorms[from];
        for (var i = 0; i < n; i++)
        {
            nodes[i] = links[i + 1];
        }

        nodes[n] = to;
        for (var i = 0; i <= n; i++)
        {
            distances[i] = Distance(wide, inverse, nodes[i]);
        }

        SortByDistance(distances, nodes);
        var kept = SelectNeighbours(s, distances, nodes, max);
        nodes[..kept].CopyTo(links[1..]);
        Volatile.Write(ref links[0], kept);
    }

    private static void SortByDistance(Span<float> distances, Span<int> nodes) => distances.Sort(nodes);
}
