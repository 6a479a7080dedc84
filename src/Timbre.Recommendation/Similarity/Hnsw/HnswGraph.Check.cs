using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Timbre.Recommendation.Similarity.Hnsw;

/// <summary>
/// The checks of an opened <see cref="HnswGraph"/> file: every count, link and upper-level offset in range and the
/// live count as announced, so a damaged file fails on opening, naming the file, and never inside a search.
/// </summary>
internal sealed unsafe partial class HnswGraph
{
    /// <summary>Checks a file before it is mapped, reading it (not the mapping), so nothing it checks stays resident.</summary>
    private void CheckStreamed(string path, SafeFileHandle handle, HnswLayout layout, int live)
    {
        var deleted = new byte[_nodes];
        ReadExactly(handle, deleted, layout.Deleted);
        var upperAt = new int[_nodes];
        ReadExactly(handle, MemoryMarshal.AsBytes(upperAt.AsSpan()), layout.UpperAt);
        var pool = new int[_poolUsed];
        ReadExactly(handle, MemoryMarshal.AsBytes(pool.AsSpan()), layout.Pool);
        CheckLive(path, deleted.AsSpan().Count((byte)0), live);
        CheckUpper(path, upperAt, pool);
        var chunk = Math.Max(1, (1 << 20) / layout.Row0);
        var rows = new int[chunk * layout.Row0];
        for (var first = 0; first < _nodes; first += chunk)
        {
            var span = rows.AsSpan(0, Math.Min(chunk, _nodes - first) * layout.Row0);
            ReadExactly(handle, MemoryMarshal.AsBytes(span), layout.Links0 + (4L * layout.Row0 * first));
            CheckLevel0(path, span, first);
        }
    }

    private void CheckInMemory(string path, int live)
    {
        CheckLive(path, new ReadOnlySpan<byte>((byte*)_rows.Deleted, _nodes).Count((byte)0), live);
        CheckUpper(path, new ReadOnlySpan<int>(_rows.UpperAt, _nodes), new ReadOnlySpan<int>(_rows.Pool, _poolUsed));
        CheckLevel0(path, new ReadOnlySpan<int>(_rows.Links0, _nodes * (_m0 + 1)), 0);
    }

    private static void CheckLive(string path, int counted, int live)
    {
        if (counted != live)
        {
            throw new InvalidDataException($"{path} has {counted} live nodes, its header says {live}.");
        }
    }

    /// <summary>Level-0 rows of nodes from <paramref name="first"/>: counts and ids in range.</summary>
    private void CheckLevel0(string path, ReadOnlySpan<int> rows, int first)
    {
        for (var i = 0; i * (_m0 + 1) < rows.Length; i++)
        {
            var links = rows.Slice(i * (_m0 + 1), _m0 + 1);
            if ((uint)links[0] > (uint)_m0)
            {
                throw new InvalidDataException($"{path}: node {first + i} has {links[0]} links at level 0.");
            }

            foreach (var to in links.Slice(1, links[0]))
            {
                if ((uint)to >= (uint)_nodes)
                {
                    throw new InvalidDataException($"{path}: node {first + i} links to {to} of {_nodes}.");
                }
            }
        }
    }

    /// <summary>Upper levels: inside the pool, counts and ids in range, links only to nodes that reach the level, the entry on the top level.</summary>
    private void CheckUpper(string path, ReadOnlySpan<int> upperAt, ReadOnlySpan<int> pool)
    {
        int Level(ReadOnlySpan<int> at, ReadOnlySpan<int> p, int node) => at[node] < 0 ? 0 : p[at[node]];
        for (var node = 0; node < _nodes; node++)
        {
            var at = upperAt[node];
            if (at < -1 || (at >= 0 && (at >= pool.Length || pool[at] < 1 || pool[at] > _maxLevel || at + 1 + ((long)pool[at] * (_m + 1)) > pool.Length)))
            {
                throw new InvalidDataException($"{path}: node {node} has invalid upper levels.");
            }
        }

        for (var node = 0; node < _nodes; node++)
        {
            for (var level = 1; level <= Level(upperAt, pool, node); level++)
            {
                var links = pool.Slice(upperAt[node] + 1 + ((level - 1) * (_m + 1)), _m + 1);
                if ((uint)links[0] > (uint)_m)
                {
                    throw new InvalidDataException($"{path}: node {node} has {links[0]} links at level {level}.");
                }

                foreach (var to in links.Slice(1, links[0]))
                {
                    if ((uint)to >= (uint)_nodes || Level(upperAt, pool, to) < level)
                    {
                        throw new InvalidDataException($"{path}: node {node} links to {to} at level {level}, which is not there.");
                    }
                }
            }
        }

        if ((_nodes == 0) != (_entry < 0) || (_entry >= 0 && Level(upperAt, pool, _entry) != _maxLevel))
        {
            throw new InvalidDataException($"{path}: the entry node {_entry} is not on the top level {_maxLevel}.");
        }
    }
}
