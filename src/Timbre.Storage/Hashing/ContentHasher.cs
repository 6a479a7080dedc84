using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Timbre.Storage.Hashing;

/// <summary>
/// A fast change detector for audio files, not a full-content identity. Scheme "h1": SHA-256 over the file size
/// (8 bytes, little-endian) followed by the whole file when it is at most 128 KiB, else its first 64 KiB and its last
/// 64 KiB. Cost: at most 128 KiB read per file whatever its size. Catches re-encodes, re-tags (tags sit at the start
/// or end) and truncations; misses an edit confined to the middle of a file that keeps its size — which is why the
/// catalog only uses a matching hash to forgive an mtime change, never to ignore a size change.
/// Result: "h1:" followed by 64 lower-case hex digits.
/// </summary>
public static class ContentHasher
{
    /// <summary>Bytes hashed at each end of a large file.</summary>
    public const int EdgeBytes = 64 * 1024;

    /// <summary>Prefix naming the scheme, so a later scheme can coexist.</summary>
    public const string Scheme = "h1:";

    /// <summary>Hashes the file at <paramref name="path"/>.</summary>
    public static string Compute(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 1, FileOptions.RandomAccess);
        return Compute(stream);
    }

    /// <summary>Hashes a seekable stream from its start (its position is moved).</summary>
    public static string Compute(Stream stream)
    {
        if (!stream.CanSeek)
        {
            throw new ArgumentException("The stream must be seekable.", nameof(stream));
        }

        var size = stream.Length;
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> sizeBytes = stackalloc byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(sizeBytes, size);
        sha.AppendData(sizeBytes);

        var buffer = new byte[EdgeBytes];
        if (size <= 2L * EdgeBytes)
        {
            stream.Position = 0;
            AppendRange(stream, sha, buffer, size);
        }
        else
        {
            stream.Position = 0;
            AppendRange(stream, sha, buffer, EdgeBytes);
            stream.Position = size - EdgeBytes;
            AppendRange(stream, sha, buffer, EdgeBytes);
        }

        return Scheme + Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    private static void AppendRange(Stream stream, IncrementalHash sha, byte[] buffer, long count)
    {
        while (count > 0)
        {
            var read = stream.Read(buffer, 0, (int)Math.Min(buffer.Length, count));
            if (read == 0)
            {
                throw new IOException("The file shrank while it was being hashed.");
            }

            sha.AppendData(buffer, 0, read);
            count -= read;
        }
    }
}
