using System.Runtime.InteropServices;

namespace Timbre.Recommendation.Similarity.Hnsw;

/// <summary>
/// The first file format of <see cref="HnswGraph"/> ("THN1"), read into memory: the settings, entry and top level, the
/// used part of each array (keys, tombstone flags, 1/‖codes‖, codes padded to 32 bytes, level-0 links), then the
/// upper levels node by node (node, level count, lists). Saving such a graph writes the current, mapped format.
/// </summary>
internal sealed unsafe partial class HnswGraph
{
    private static HnswGraph ReadV1(string path)
    {
        using var stream = new BufferedStream(File.OpenRead(path), 1 << 20);
        using var reader = new BinaryReader(stream);
        reader.ReadUInt32();
        var dimension = reader.ReadInt32();
        var m = reader.ReadInt32();
        var expansionAdd = reader.ReadInt32();
        var expansionSearch = reader.ReadInt32();
        var nodes = reader.ReadInt32();
        var entry = reader.ReadInt32();
        var maxLevel = reader.ReadInt32();
        if (dimension < 1 || m is < 2 or > 256 || expansionAdd < 1 || expansionSearch < 1 || nodes < 0 || entry < -1 || entry >= nodes || maxLevel > 64)
        {
            throw new InvalidDataException($"{path} has an invalid HNSW header.");
        }

        var g = new HnswGraph(dimension, m, expansionAdd, expansionSearch) { _table = null };
        g._rows.Grow(nodes, 0);
        g._nodes = nodes;
        g._entry = entry;
        g._maxLevel = maxLevel;
        var r = g._rows;
        stream.ReadExactly(new Span<byte>(r.Keys, 8 * nodes));
        stream.ReadExactly(new Span<byte>(r.Deleted, nodes));
        stream.ReadExactly(new Span<byte>(r.InverseNorms, 4 * nodes));
        var oldStride = (dimension + 31) & ~31;
        var code = new byte[oldStride];
        for (var node = 0; node < nodes; node++)
        {
            stream.ReadExactly(code);
            code.AsSpan(0, dimension).CopyTo(new Span<byte>(r.Codes + ((long)node * g._stride), dimension));
        }

        stream.ReadExactly(MemoryMarshal.AsBytes(new Span<int>(r.Links0, nodes * (g._m0 + 1))));
        new Span<int>(r.UpperAt, nodes).Fill(-1);
        var withUpper = reader.ReadInt32();
        for (var u = 0; u < withUpper; u++)
        {
            var node = reader.ReadInt32();
            var levels = reader.ReadInt32();
            if ((uint)node >= (uint)nodes || levels < 1 || levels > maxLevel || r.UpperAt[node] >= 0)
            {
                throw new InvalidDataException($"{path} has an invalid upper level.");
            }

            var at = g.PlaceUpper(levels);
            r.UpperAt[node] = at;
            stream.ReadExactly(MemoryMarshal.AsBytes(new Span<int>(r.Pool + at + 1, levels * (m + 1))));
        }

        var live = new ReadOnlySpan<byte>((byte*)r.Deleted, nodes).Count((byte)0);
        g.CheckInMemory(path, live);
        g._live = live;
        return g;
    }
}
