using System.Buffers.Binary;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using System.Text;
using Timbre.Recommendation.Similarity;

namespace Timbre.Recommendation.Catalog;

/// <summary>
/// The serving snapshot file beside a catalog (<c>CATALOG.ann/VERSION.snapshot</c>): what a served snapshot needs per
/// track in columns — ids, durations, label and genre codes, genre probabilities, explained statistics, each vector's
/// hash, the near-duplicate and artist keys the selection compares — and the index's (normalised) float32 vectors, which <see cref="SnapshotFile.Open"/> hands out as a <see cref="FileMatrix"/> (read when scored). Stamped with
/// the catalog's content sequence, the version key and the load options it was made with; a file whose stamp differs,
/// whose length is wrong or whose checksums (XxHash3 of the columns and of the vectors) fail is not used.
/// Little-endian (the machines .NET serves on).
/// </summary>
public static class SnapshotFile
{
    private const ulong Magic = 0x32504E5352424D54; // "TMBRSNP2"
    private const ulong OlderMagic = 0x31504E5352424D54; // "TMBRSNP1": without the selection keys, made again
    private const int HeaderBytes = 64;
    private const int Alignment = 64;

    /// <summary>Writes <paramref name="data"/> and <paramref name="vectors"/> (row r = data row r) to <paramref name="path"/> (a temporary file renamed into place).</summary>
    public static void Write(string path, SnapshotColumns data, SimilarityIndex vectors)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(vectors);
        var meta = Meta(data);
        var vectorsOffset = (HeaderBytes + meta.Length + Alignment - 1) / Alignment * Alignment;
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!);
        var temp = path + ".tmp";
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20))
        {
            stream.Write(new byte[vectorsOffset]);
            var hash = new XxHash3();
            for (var r = 0; r < vectors.Count; r++)
            {
                var bytes = MemoryMarshal.AsBytes(vectors.VectorAt(r));
                hash.Append(bytes);
                stream.Write(bytes);
            }

            var header = new byte[HeaderBytes];
            BinaryPrimitives.WriteUInt64LittleEndian(header, Magic);
            BinaryPrimitives.WriteInt64LittleEndian(header.AsSpan(8), data.Sequence);
            BinaryPrimitives.WriteInt64LittleEndian(header.AsSpan(16), meta.Length);
            BinaryPrimitives.WriteInt64LittleEndian(header.AsSpan(24), vectorsOffset);
            BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(32), vectors.Count);
            BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(36), vectors.Dimension);
            BinaryPrimitives.WriteUInt64LittleEndian(header.AsSpan(40), XxHash3.HashToUInt64(meta));
            BinaryPrimitives.WriteUInt64LittleEndian(header.AsSpan(48), hash.GetCurrentHashAsUInt64());
            stream.Position = 0;
            stream.Write(header);
            stream.Write(meta);
        }

        File.Move(temp, path, overwrite: true);
    }

    /// <summary>
    /// The file's columns and its vectors (a <see cref="FileMatrix"/>), or null with the reason in <paramref name="why"/> when it is missing,
    /// stamped otherwise (<paramref name="sequence"/>, <paramref name="versionKey"/>, <paramref name="optionsKey"/>),
    /// torn or corrupt. Reads the whole file once to check it (through a stream: the mapping stays untouched).
    /// </summary>
    public static (SnapshotColumns Data, FileMatrix Vectors)? Open(string path, long sequence, string versionKey, string optionsKey, out string why)
    {
        if (!File.Exists(path))
        {
            why = "no snapshot file";
            return null;
        }

        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
            var header = new byte[HeaderBytes];
            stream.ReadExactly(header);
            var metaLength = BinaryPrimitives.ReadInt64LittleEndian(header.AsSpan(16));
            var vectorsOffset = BinaryPrimitives.ReadInt64LittleEndian(header.AsSpan(24));
            var count = BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(32));
            var dimension = BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(36));
            if (BinaryPrimitives.ReadUInt64LittleEndian(header) is OlderMagic)
            {
                why = "the snapshot file has an older format";
                return null;
            }

            if (BinaryPrimitives.ReadUInt64LittleEndian(header) != Magic || metaLength < 0 || metaLength > int.MaxValue
                || count < 0 || dimension < 0 || vectorsOffset < HeaderBytes + metaLength
                || stream.Length != vectorsOffset + ((long)count * dimension * sizeof(float)))
            {
                why = "the snapshot file is torn or not a snapshot";
                return null;
            }

            if (BinaryPrimitives.ReadInt64LittleEndian(header.AsSpan(8)) != sequence)
            {
                why = "the catalog changed since the snapshot file was written";
                return null;
            }

            var meta = new byte[metaLength];
            stream.ReadExactly(meta);
            if (XxHash3.HashToUInt64(meta) != BinaryPrimitives.ReadUInt64LittleEndian(header.AsSpan(40)))
            {
                why = "the snapshot file's columns fail their checksum";
                return null;
            }

            var data = Columns(meta, sequence, count);
            if (data.VersionKey != versionKey || data.OptionsKey != optionsKey)
            {
                why = "the snapshot file was made for another model or other load options";
                return null;
            }

            stream.Position = vectorsOffset;
            var hash = new XxHash3();
            hash.Append(stream);
            if (hash.GetCurrentHashAsUInt64() != BinaryPrimitives.ReadUInt64LittleEndian(header.AsSpan(48)))
            {
                why = "the snapshot file's vectors fail their checksum";
                return null;
            }

            why = "";
            return (data, new FileMatrix(path, vectorsOffset, count, dimension));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or EndOfStreamException or ArgumentException or FormatException or OverflowException)
        {
            why = $"the snapshot file cannot be read ({e.Message})";
            return null;
        }
    }

    private static byte[] Meta(SnapshotColumns d)
    {
        using var memory = new MemoryStream();
        using (var w = new BinaryWriter(memory, Encoding.UTF8, leaveOpen: true))
        {
            w.Write(d.VersionKey);
            w.Write(d.OptionsKey);
            w.Write((int)d.GenreInfo);
            Strings(w, d.Labels);
            Strings(w, d.StatNames);
            Strings(w, d.GenreNames);
            w.Write(MemoryMarshal.AsBytes(d.Ids.AsSpan()));
            w.Write(MemoryMarshal.AsBytes(d.Durations.AsSpan()));
            w.Write(MemoryMarshal.AsBytes(d.LabelOfRow.AsSpan()));
            w.Write(MemoryMarshal.AsBytes(d.GenreOfRow.AsSpan()));
            w.Write(MemoryMarshal.AsBytes(d.Probabilities.AsSpan()));
            w.Write(MemoryMarshal.AsBytes(d.Stats.AsSpan()));
            w.Write(MemoryMarshal.AsBytes(d.Hashes.AsSpan()));
            w.Write(MemoryMarshal.AsBytes(d.NameKeys.AsSpan()));
            w.Write(MemoryMarshal.AsBytes(d.ArtistKeys.AsSpan()));
        }

        return memory.ToArray();
    }

    private static SnapshotColumns Columns(byte[] meta, long sequence, int count)
    {
        using var r = new BinaryReader(new MemoryStream(meta), Encoding.UTF8);
        var versionKey = r.ReadString();
        var optionsKey = r.ReadString();
        var info = (GenreInfo)r.ReadInt32();
        var labels = Strings(r);
        var statNames = Strings(r);
        var genreNames = Strings(r);
        var position = (int)r.BaseStream.Position;
        T[] Column<T>(long length)
            where T : struct
        {
            var bytes = checked((int)(length * Marshal.SizeOf<T>()));
            var column = MemoryMarshal.Cast<byte, T>(meta.AsSpan(position, bytes)).ToArray();
            position += bytes;
            return column;
        }

        var data = new SnapshotColumns(
            sequence, versionKey, optionsKey, info, labels, statNames, genreNames,
            Column<long>(count), Column<double>(count), Column<int>(count), Column<int>(count),
            Column<float>((long)count * labels.Length), Column<float>((long)count * statNames.Length), Column<ulong>(count),
            Column<ulong>(count), Column<ulong>(count));
        return position == meta.Length ? data : throw new FormatException("The snapshot file's columns have the wrong length.");
    }

    private static void Strings(BinaryWriter w, IReadOnlyList<string> values)
    {
        w.Write(values.Count);
        foreach (var v in values)
        {
            w.Write(v);
        }
    }

    private static string[] Strings(BinaryReader r)
    {
        var values = new string[r.ReadInt32()];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = r.ReadString();
        }

        return values;
    }
}
