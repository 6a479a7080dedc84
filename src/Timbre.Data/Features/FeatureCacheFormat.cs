using System.Buffers.Binary;
using System.Text;
using Timbre.Inference.Features;

namespace Timbre.Data.Features;

/// <summary>
/// The cache file layout, little-endian:
/// <code>
///  0  8  magic "TMBRFEAT"
///  8  4  format version (1)
/// 12  4  features version (FeaturesVersion.Current at build time)
/// 16  4  storage: 0 float32, 1 float16
/// 20  4  rows per clip       24  4  columns per clip
/// 28  4  track count         32  8  clip count
/// 40  8  metadata offset     48  8  metadata length
/// 56  8  XxHash64 of bytes 0..55, the data and the metadata
/// 64  …  data: clip-major, each clip rows × cols row-major
///  …  metadata: key, spec text, labels, tracks (path, id, label, first clip, clip count),
///     clips (track index, clip index in track, label index), skipped files (path, reason)
/// </code>
/// The file is written to a temporary name and renamed into place, so a reader never sees a half-written cache.
/// </summary>
internal static class FeatureCacheFormat
{
    public const int HeaderSize = 64;
    public const int FormatVersion = 1;
    public static ReadOnlySpan<byte> Magic => "TMBRFEAT"u8;

    public static int BytesPerValue(FeatureStorage storage) => storage == FeatureStorage.Float16 ? 2 : 4;

    public static void WriteHeader(Span<byte> header, in Header h)
    {
        header.Clear();
        Magic.CopyTo(header);
        BinaryPrimitives.WriteInt32LittleEndian(header[8..], FormatVersion);
        BinaryPrimitives.WriteInt32LittleEndian(header[12..], h.FeaturesVersion);
        BinaryPrimitives.WriteInt32LittleEndian(header[16..], (int)h.Storage);
        BinaryPrimitives.WriteInt32LittleEndian(header[20..], h.Rows);
        BinaryPrimitives.WriteInt32LittleEndian(header[24..], h.Cols);
        BinaryPrimitives.WriteInt32LittleEndian(header[28..], h.TrackCount);
        BinaryPrimitives.WriteInt64LittleEndian(header[32..], h.ClipCount);
        BinaryPrimitives.WriteInt64LittleEndian(header[40..], h.MetadataOffset);
        BinaryPrimitives.WriteInt64LittleEndian(header[48..], h.MetadataLength);
        BinaryPrimitives.WriteUInt64LittleEndian(header[56..], h.Checksum);
    }

    /// <summary>Parses and checks the fixed header against the file length; returns null and a reason when unusable.</summary>
    public static Header? ReadHeader(ReadOnlySpan<byte> header, long fileLength, out string reason)
    {
        reason = "";
        if (fileLength < HeaderSize)
        {
            reason = $"file is {fileLength} bytes, shorter than the {HeaderSize}-byte header (truncated)";
            return null;
        }

        if (!header[..8].SequenceEqual(Magic))
        {
            reason = "not a Timbre feature cache (bad magic)";
            return null;
        }

        int format = BinaryPrimitives.ReadInt32LittleEndian(header[8..]);
        if (format != FormatVersion)
        {
            reason = $"cache format {format}, this Timbre reads {FormatVersion}";
            return null;
        }

        var h = new Header(
            BinaryPrimitives.ReadInt32LittleEndian(header[12..]),
            (FeatureStorage)BinaryPrimitives.ReadInt32LittleEndian(header[16..]),
            BinaryPrimitives.ReadInt32LittleEndian(header[20..]),
            BinaryPrimitives.ReadInt32LittleEndian(header[24..]),
            BinaryPrimitives.ReadInt32LittleEndian(header[28..]),
            BinaryPrimitives.ReadInt64LittleEndian(header[32..]),
            BinaryPrimitives.ReadInt64LittleEndian(header[40..]),
            BinaryPrimitives.ReadInt64LittleEndian(header[48..]),
            BinaryPrimitives.ReadUInt64LittleEndian(header[56..]));
        if (!Enum.IsDefined(h.Storage) || h.Rows < 1 || h.Cols < 1 || h.TrackCount < 0 || h.ClipCount < 0 || h.MetadataLength < 0)
        {
            reason = "header fields out of range (corrupt)";
            return null;
        }

        long dataLength = h.ClipCount * h.Rows * (long)h.Cols * BytesPerValue(h.Storage);
        if (h.MetadataOffset != HeaderSize + dataLength || h.MetadataOffset + h.MetadataLength != fileLength)
        {
            reason = fileLength < h.MetadataOffset + h.MetadataLength
                ? $"file is {fileLength} bytes, header promises {h.MetadataOffset + h.MetadataLength} (truncated)"
                : "header sizes do not match the file (corrupt)";
            return null;
        }

        return h;
    }

    public static void WriteString(BinaryWriter w, string s)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(s);
        w.Write(bytes.Length);
        w.Write(bytes);
    }

    public static string ReadString(ref ReadOnlySpan<byte> span)
    {
        int length = ReadInt32(ref span);
        if (length < 0 || length > span.Length)
        {
            throw new InvalidDataException("string length out of range");
        }

        string s = Encoding.UTF8.GetString(span[..length]);
        span = span[length..];
        return s;
    }

    public static int ReadInt32(ref ReadOnlySpan<byte> span)
    {
        if (span.Length < 4)
        {
            throw new InvalidDataException("metadata ends early");
        }

        int v = BinaryPrimitives.ReadInt32LittleEndian(span);
        span = span[4..];
        return v;
    }

    public static long ReadInt64(ref ReadOnlySpan<byte> span)
    {
        if (span.Length < 8)
        {
            throw new InvalidDataException("metadata ends early");
        }

        long v = BinaryPrimitives.ReadInt64LittleEndian(span);
        span = span[8..];
        return v;
    }

    internal readonly record struct Header(
        int FeaturesVersion, FeatureStorage Storage, int Rows, int Cols, int TrackCount, long ClipCount,
        long MetadataOffset, long MetadataLength, ulong Checksum);
}
