using System.Runtime.InteropServices;

namespace Timbre.Recommendation.Similarity.Hnsw;

/// <summary>
/// The file of <see cref="HnswGraph"/>: magic "THN1", the settings, entry and top level, then the arrays of the used
/// nodes as they are in memory (keys, tombstone flags, 1/‖codes‖, codes, level-0 links), then the upper levels of the
/// nodes that have them (level count, links). Little-endian, read back into arrays.
/// </summary>
internal sealed partial class HnswGraph
{
    public const uint Magic = 0x314E4854; // "THN1"

    /// <summary>True when the file starts with <see cref="Magic"/>.</summary>
    public static bool IsHnswFile(string path)
    {
        using var stream = File.OpenRead(path);
        Span<byte> head = stackalloc byte[4];
        return stream.Read(head) == 4 && BitConverter.ToUInt32(head) == Magic;
    }

    /// <summary>Reads a graph written by <see cref="AnnGraphBase.Save"/>; throws <see cref="InvalidDataException"/> for a damaged or foreign file.</summary>
    public static HnswGraph Load(string path)
    {
        try
        {
            return Read(path);
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException($"{path} is a truncated HNSW graph.", e);
        }
    }

    private static HnswGraph Read(string path)
    {
        using var stream = new BufferedStream(File.OpenRead(path), 1 << 20);
        using var reader = new BinaryReader(stream);
        if (reader.ReadUInt32() != Magic)
        {
            throw new InvalidDataException($"{path} is not a Timbre HNSW graph.");
        }

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

        var g = new HnswGraph(dimension, m, expansionAdd, expansionSearch);
        g.Grow(nodes);
        g._nodes = nodes;
        g._entry = entry;
        g._maxLevel = maxLevel;
        Read(stream, MemoryMarshal.AsBytes(g._keys.AsSpan(0, nodes)));
        Read(stream, MemoryMarshal.AsBytes(g._deleted.AsSpan(0, nodes)));
        Read(stream, MemoryMarshal.AsBytes(g._inverseNorms.AsSpan(0, nodes)));
        Read(stream, MemoryMarshal.AsBytes(g._codes.AsSpan(0, nodes * g._stride)));
        Read(stream, MemoryMarshal.AsBytes(g._links0.AsSpan(0, nodes * (g._m0 + 1))));
        for (var i = 0; i < nodes; i++)
        {
            if (!g._deleted[i])
            {
                g._nodeOf[g._keys[i]] = i;
            }
        }

        var withUpper = reader.ReadInt32();
        for (var u = 0; u < withUpper; u++)
        {
            var node = reader.ReadInt32();
            var levels = reader.ReadInt32();
            if ((uint)node >= (uint)nodes || levels < 1 || levels > maxLevel)
            {
                throw new InvalidDataException($"{path} has an invalid upper level.");
            }

            var links = new int[levels * (m + 1)];
            Read(stream, MemoryMarshal.AsBytes(links.AsSpan()));
            g._upper[node] = links;
        }

        g.CheckLinks(path);
        return g;
    }

    private static void Read(Stream stream, Span<byte> into) => stream.ReadExactly(into);

    /// <summary>Every link count and id in range, so a damaged file fails here and not inside a search.</summary>
    private void CheckLinks(string path)
    {
        for (var node = 0; node < _nodes; node++)
        {
            var top = (_upper[node]?.Length ?? 0) / (_m + 1);
            for (var level = 0; level <= top; level++)
            {
                var links = LinksOf(node, level);
                if ((uint)links[0] > (uint)(links.Length - 1))
                {
                    throw new InvalidDataException($"{path}: node {node} has {links[0]} links at level {level}.");
                }

                foreach (var to in links.Slice(1, links[0]))
                {
                    if ((uint)to >= (uint)_nodes)
                    {
                        throw new InvalidDataException($"{path}: node {node} links to {to} of {_nodes}.");
                    }
                }
            }
        }
    }

    private void WriteTo(string path)
    {
        using var stream = new BufferedStream(File.Create(path), 1 << 20);
        using var writer = new BinaryWriter(stream);
        writer.Write(Magic);
        writer.Write(Dimension);
        writer.Write(_m);
        writer.Write(_expansionAdd);
        writer.Write(ExpansionSearch);
        writer.Write(_nodes);
        writer.Write(_entry);
        writer.Write(_maxLevel);
        writer.Flush();
        stream.Write(MemoryMarshal.AsBytes(_keys.AsSpan(0, _nodes)));
        stream.Write(MemoryMarshal.AsBytes(_deleted.AsSpan(0, _nodes)));
        stream.Write(MemoryMarshal.AsBytes(_inverseNorms.AsSpan(0, _nodes)));
        stream.Write(MemoryMarshal.AsBytes(_codes.AsSpan(0, _nodes * _stride)));
        stream.Write(MemoryMarshal.AsBytes(_links0.AsSpan(0, _nodes * (_m0 + 1))));
        var withUpper = 0;
        for (var i = 0; i < _nodes; i++)
        {
            withUpper += _upper[i] is null ? 0 : 1;
        }

        writer.Write(withUpper);
        for (var i = 0; i < _nodes; i++)
        {
            if (_upper[i] is { } links)
            {
                writer.Write(i);
                writer.Write(links.Length / (_m + 1));
                writer.Flush();
                stream.Write(MemoryMarshal.AsBytes(links.AsSpan()));
            }
        }
    }
}
