using System.IO.MemoryMappedFiles;

namespace Timbre.Recommendation.Similarity.Hnsw;

/// <summary>
/// The per-node arrays of <see cref="HnswGraph"/> as pointers, held either by pinned arrays (a graph built in memory)
/// or by the sections of a graph file mapped copy-on-write (an opened graph: pages load when a walk first touches
/// them, and a change copies only the pages it writes, never the file). Per node: key, tombstone flag, 1/‖code‖,
/// offset of its upper levels in the pool (-1: none), code (<c>stride</c> bytes), level-0 links (count, then
/// <c>2·M</c> ids). The pool holds each upper-level node's level count, then its lists (count, then <c>M</c> ids).
/// Growing past the capacity moves everything into pinned arrays.
/// </summary>
internal sealed unsafe class HnswStorage : IDisposable
{
    private readonly int _stride;
    private readonly int _row0;
    private object[] _arrays = []; // the pinned arrays the pointers point into (kept alive)
    private int[]? _poolArray;
    private MemoryMappedFile? _file;
    private MemoryMappedViewAccessor? _view;

    private HnswStorage(int stride, int row0)
    {
        _stride = stride;
        _row0 = row0;
    }

    public int Capacity { get; private set; }

    public int PoolCapacity { get; private set; }

    /// <summary>True while the rows are read from a mapped file.</summary>
    public bool IsMapped => _view is not null;

    public long* Keys { get; private set; }

    public bool* Deleted { get; private set; }

    public float* InverseNorms { get; private set; }

    public int* UpperAt { get; private set; }

    public sbyte* Codes { get; private set; }

    public int* Links0 { get; private set; }

    public int* Pool { get; private set; }

    /// <summary>Bytes of the arrays at their capacity (mapped or not).</summary>
    public long Bytes => ((long)Capacity * (8 + 1 + 4 + 4 + _stride + (4L * _row0))) + (4L * PoolCapacity);

    /// <summary>Empty storage for rows of <paramref name="stride"/> code bytes and <paramref name="row0"/> level-0 ints.</summary>
    public static HnswStorage InMemory(int stride, int row0) => new(stride, row0);

    /// <summary>Maps <paramref name="path"/> copy-on-write; the sections lie where <paramref name="layout"/> says.</summary>
    public static HnswStorage Map(string path, HnswLayout layout)
    {
        var s = new HnswStorage(layout.Stride, layout.Row0);
        s._file = MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, 0, MemoryMappedFileAccess.CopyOnWrite);
        try
        {
            s._view = s._file.CreateViewAccessor(0, 0, MemoryMappedFileAccess.CopyOnWrite);
            if ((long)s._view.SafeMemoryMappedViewHandle.ByteLength < layout.Length)
            {
                throw new InvalidDataException($"{path} is shorter than its sections ({layout.Length} bytes).");
            }

            // No reference count taken: the view unmaps when it is disposed or collected, which is with this storage.
            var start = (byte*)s._view.SafeMemoryMappedViewHandle.DangerousGetHandle() + s._view.PointerOffset;
            s.Point(start + layout.Keys, start + layout.Deleted, start + layout.InverseNorms, start + layout.UpperAt, start + layout.Codes, start + layout.Links0);
            s.Pool = (int*)(start + layout.Pool);
            s.Capacity = layout.Capacity;
            s.PoolCapacity = layout.PoolCapacity;
            return s;
        }
        catch
        {
            s.Dispose();
            throw;
        }
    }

    /// <summary>Room for <paramref name="capacity"/> nodes, of which the first <paramref name="used"/> are kept.</summary>
    public void Grow(int capacity, int used)
    {
        if (capacity <= Capacity)
        {
            return;
        }

        var keys = GC.AllocateArray<long>(capacity, pinned: true);
        var deleted = GC.AllocateArray<bool>(capacity, pinned: true);
        var norms = GC.AllocateArray<float>(capacity, pinned: true);
        var upperAt = GC.AllocateArray<int>(capacity, pinned: true);
        var codes = GC.AllocateArray<sbyte>(checked(capacity * _stride), pinned: true);
        var links = GC.AllocateArray<int>(checked(capacity * _row0), pinned: true);
        if (used > 0)
        {
            new ReadOnlySpan<long>(Keys, used).CopyTo(keys);
            new ReadOnlySpan<bool>(Deleted, used).CopyTo(deleted);
            new ReadOnlySpan<float>(InverseNorms, used).CopyTo(norms);
            new ReadOnlySpan<int>(UpperAt, used).CopyTo(upperAt);
            new ReadOnlySpan<sbyte>(Codes, used * _stride).CopyTo(codes);
            new ReadOnlySpan<int>(Links0, used * _row0).CopyTo(links);
        }

        if (IsMapped && _poolArray is null)
        {
            GrowPool(PoolCapacity, PoolCapacity, leaveMapping: true);
        }

        _arrays = [keys, deleted, norms, upperAt, codes, links];
        fixed (long* k = keys)
        fixed (bool* d = deleted)
        fixed (float* n = norms)
        fixed (int* u = upperAt)
        fixed (sbyte* c = codes)
        fixed (int* l = links)
        {
            Point(k, d, n, u, c, l); // pinned arrays: the addresses stay valid after the fixed blocks
        }

        Capacity = capacity;
        Unmap();
    }

    /// <summary>Room for <paramref name="ints"/> ints in the pool, of which the first <paramref name="used"/> are kept.</summary>
    public void GrowPool(int ints, int used, bool leaveMapping = false)
    {
        if (ints <= PoolCapacity && !leaveMapping)
        {
            return;
        }

        var next = GC.AllocateArray<int>(Math.Max(Math.Max(ints, 64), PoolCapacity + (PoolCapacity / 2)), pinned: true);
        if (used > 0)
        {
            new ReadOnlySpan<int>(Pool, used).CopyTo(next);
        }

        _poolArray = next;
        fixed (int* p = next)
        {
            Pool = p;
        }

        PoolCapacity = next.Length;
    }

    public void Dispose()
    {
        Unmap();
        _arrays = [];
        _poolArray = null;
        Capacity = 0;
        PoolCapacity = 0;
        Point(null, null, null, null, null, null);
        Pool = null;
    }

    private void Point(void* keys, void* deleted, void* norms, void* upperAt, void* codes, void* links)
    {
        Keys = (long*)keys;
        Deleted = (bool*)deleted;
        InverseNorms = (float*)norms;
        UpperAt = (int*)upperAt;
        Codes = (sbyte*)codes;
        Links0 = (int*)links;
    }

    private void Unmap()
    {
        _view?.Dispose();
        _file?.Dispose();
        _view = null;
        _file = null;
    }
}
