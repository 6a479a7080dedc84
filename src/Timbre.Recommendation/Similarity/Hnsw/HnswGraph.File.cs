using System.Buffers.Binary;
using Microsoft.Win32.SafeHandles;

namespace Timbre.Recommendation.Similarity.Hnsw;

/// <summary>
/// The file of <see cref="HnswGraph"/>, laid out to be mapped (<see cref="HnswLayout"/>): a 64-byte header (magic
/// "THN2", settings, node count, entry, top level, capacity, pool use, code stride, live count), then the
/// <see cref="HnswStorage"/> sections at their capacity — room for a few more nodes than saved, left as holes — so an
/// opened graph takes adds without leaving the mapping. Little-endian. Files of the first format ("THN1": the used
/// part of each array, then the upper levels node by node) are still read, into memory.
/// </summary>
internal sealed unsafe partial class HnswGraph
{
    public const uint Magic = 0x324E4854; // "THN2"
    public const uint MagicV1 = 0x314E4854; // "THN1"
    private const int HeaderBytes = 64;

    /// <summary>True when the file starts with either format's magic.</summary>
    public static bool IsHnswFile(string path) => ReadMagic(path) is Magic or MagicV1;

    /// <summary>True for a file of the first format, which opens into memory (saving it again writes the mapped format).</summary>
    public static bool IsOldFormat(string path) => ReadMagic(path) == MagicV1;

    /// <summary>Reads a saved graph into memory; throws <see cref="InvalidDataException"/> naming the file when it is damaged or foreign.</summary>
    public static HnswGraph Load(string path) => Open(path, mapped: false);

    /// <summary>
    /// Opens a saved graph: <paramref name="mapped"/> maps a file of the current format copy-on-write (only its header,
    /// tombstone flags and links are read, to check them, and nothing stays resident), otherwise reads it into memory.
    /// Throws <see cref="InvalidDataException"/> naming the file when it is damaged, truncated or foreign.
    /// </summary>
    public static HnswGraph Open(string path, bool mapped)
    {
        try
        {
            using var handle = File.OpenHandle(path);
            var header = new byte[HeaderBytes];
            var read = RandomAccess.Read(handle, header, 0);
            return BinaryPrimitives.ReadUInt32LittleEndian(header) switch
            {
                Magic => read == HeaderBytes ? OpenCurrent(path, handle, header, mapped) : throw new EndOfStreamException(),
                MagicV1 => ReadV1(path),
                _ => throw new InvalidDataException($"{path} is not a Timbre HNSW graph."),
            };
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException($"{path} is a truncated HNSW graph.", e);
        }
    }

    private static uint ReadMagic(string path)
    {
        using var stream = File.OpenRead(path);
        Span<byte> head = stackalloc byte[4];
        return stream.Read(head) == 4 ? BinaryPrimitives.ReadUInt32LittleEndian(head) : 0;
    }

    private static HnswGraph OpenCurrent(string path, SafeFileHandle handle, byte[] header, bool mapped)
    {
        int At(int offset) => BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(offset));
        var (dimension, m, expansionAdd, expansionSearch) = (At(4), At(8), At(12), At(16));
        var (nodes, entry, maxLevel, capacity, poolUsed, poolCapacity, stride, live) = (At(20), At(24), At(28), At(32), At(36), At(40), At(44), At(48));
        if (dimension < 1 || m is < 2 or > 256 || expansionAdd < 1 || expansionSearch < 1 || nodes < 0 || capacity < nodes
            || entry < -1 || entry >= nodes || maxLevel > 64 || poolUsed < 0 || poolCapacity < poolUsed || live < 0 || live > nodes
            || stride != Int8Kernel.Stride(dimension))
        {
            throw new InvalidDataException($"{path} has an invalid HNSW header.");
        }

        var layout = new HnswLayout(capacity, poolCapacity, stride, (2 * m) + 1);
        if (RandomAccess.GetLength(handle) != layout.Length)
        {
            throw new InvalidDataException($"{path} has {RandomAccess.GetLength(handle)} bytes, not the {layout.Length} its header announces (truncated or torn).");
        }

        var g = new HnswGraph(dimension, m, expansionAdd, expansionSearch) { _table = null };
        g._nodes = nodes;
        g._entry = entry;
        g._maxLevel = maxLevel;
        g._poolUsed = poolUsed;
        if (mapped)
        {
            g.CheckStreamed(path, handle, layout, live);
            g._rows.Dispose();
            g._rows = HnswStorage.Map(path, layout);
        }
        else
        {
            g._rows.Grow(nodes, 0);
            g._rows.GrowPool(poolUsed, 0);
            var r = g._rows;
            ReadInto(handle, r.Keys, 8L * nodes, layout.Keys);
            ReadInto(handle, r.Deleted, nodes, layout.Deleted);
            ReadInto(handle, r.InverseNorms, 4L * nodes, layout.InverseNorms);
            ReadInto(handle, r.UpperAt, 4L * nodes, layout.UpperAt);
            ReadInto(handle, r.Codes, (long)stride * nodes, layout.Codes);
            ReadInto(handle, r.Links0, 4L * layout.Row0 * nodes, layout.Links0);
            ReadInto(handle, r.Pool, 4L * poolUsed, layout.Pool);
            g.CheckInMemory(path, live);
        }

        g._live = live;
        return g;
    }

    /// <summary>Writes the graph to a temporary file renamed over <paramref name="path"/> (a graph mapped from that path keeps its old file).</summary>
    private void WriteTo(string path)
    {
        var capacity = _nodes + Math.Max(1_024, _nodes / 16);
        var poolCapacity = _poolUsed + Math.Max(1_024, _poolUsed / 16);
        var layout = new HnswLayout(capacity, poolCapacity, _stride, _m0 + 1);
        var header = new byte[HeaderBytes];
        int[] values = [Dimension, _m, _expansionAdd, ExpansionSearch, _nodes, _entry, _maxLevel, capacity, _poolUsed, poolCapacity, _stride, _live];
        BinaryPrimitives.WriteUInt32LittleEndian(header, Magic);
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(4 + (4 * i)), values[i]);
        }

        var part = path + ".part";
        using (var handle = File.OpenHandle(part, FileMode.Create, FileAccess.Write))
        {
            RandomAccess.Write(handle, header, 0);
            var r = _rows;
            WriteFrom(handle, r.Keys, 8L * _nodes, layout.Keys);
            WriteFrom(handle, r.Deleted, _nodes, layout.Deleted);
            WriteFrom(handle, r.InverseNorms, 4L * _nodes, layout.InverseNorms);
            WriteFrom(handle, r.UpperAt, 4L * _nodes, layout.UpperAt);
            WriteFrom(handle, r.Codes, (long)_stride * _nodes, layout.Codes);
            WriteFrom(handle, r.Links0, 4L * (_m0 + 1) * _nodes, layout.Links0);
            WriteFrom(handle, r.Pool, 4L * _poolUsed, layout.Pool);
            RandomAccess.SetLength(handle, layout.Length); // the rest is room for adds: holes, no disk
        }

        File.Move(part, path, overwrite: true);
    }

    private static void WriteFrom(SafeFileHandle handle, void* from, long bytes, long offset)
    {
        for (long done = 0; done < bytes;)
        {
            var n = (int)Math.Min(bytes - done, 1 << 30);
            RandomAccess.Write(handle, new ReadOnlySpan<byte>((byte*)from + done, n), offset + done);
            done += n;
        }
    }

    private static void ReadInto(SafeFileHandle handle, void* into, long bytes, long offset)
    {
        for (long done = 0; done < bytes;)
        {
            var n = (int)Math.Min(bytes - done, 1 << 30);
            ReadExactly(handle, new Span<byte>((byte*)into + done, n), offset + done);
            done += n;
        }
    }

    private static void ReadExactly(SafeFileHandle handle, Span<byte> into, long offset)
    {
        while (into.Length > 0)
        {
            var n = RandomAccess.Read(handle, into, offset);
            if (n <= 0)
            {
                throw new EndOfStreamException();
            }

            into = into[n..];
            offset += n;
        }
    }
}

/// <summary>Where the sections of an <see cref="HnswGraph"/> file lie (each 64-byte aligned), for a capacity of nodes and pool ints.</summary>
internal readonly record struct HnswLayout(int Capacity, int PoolCapacity, int Stride, int Row0)
{
    public long Keys => 64;

    public long Deleted => Align(Keys + (8L * Capacity));

    public long InverseNorms => Align(Deleted + Capacity);

    public long UpperAt => Align(InverseNorms + (4L * Capacity));

    public long Codes => Align(UpperAt + (4L * Capacity));

    public long Links0 => Align(Codes + ((long)Stride * Capacity));

    public long Pool => Align(Links0 + (4L * Row0 * Capacity));

    public long Length => Pool + (4L * PoolCapacity);

    private static long Align(long offset) => (offset + 63) & ~63L;
}
