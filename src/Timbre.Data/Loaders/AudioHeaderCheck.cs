using System.Buffers.Binary;

namespace Timbre.Data.Loaders;

/// <summary>Cheap checks that a file exists, is not empty and starts like an audio file of its extension (no decoding).</summary>
public static class AudioHeaderCheck
{
    /// <summary>Extensions loaders treat as audio (lower case, with the dot).</summary>
    public static IReadOnlySet<string> AudioExtensions { get; } =
        new HashSet<string>([".wav", ".mp3", ".flac", ".ogg", ".opus", ".au", ".aif", ".aiff", ".m4a", ".wma"], StringComparer.OrdinalIgnoreCase);

    /// <summary>Null when <paramref name="path"/> looks readable, else the reason it does not.</summary>
    public static string? Problem(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            return "file is missing";
        }

        if (info.Length == 0)
        {
            return "file is empty";
        }

        Span<byte> head = stackalloc byte[64];
        int n;
        try
        {
            using FileStream stream = File.OpenRead(path);
            n = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"cannot be read: {e.Message}";
        }

        ReadOnlySpan<byte> h = head[..n];
        string ext = Path.GetExtension(path).ToLowerInvariant();
        bool ok = ext switch
        {
            ".wav" => IsWave(h),
            ".mp3" => h.StartsWith("ID3"u8) || (h.Length >= 2 && h[0] == 0xFF && (h[1] & 0xE0) == 0xE0),
            ".flac" => h.StartsWith("fLaC"u8),
            ".ogg" or ".opus" => h.StartsWith("OggS"u8),
            ".au" => h.StartsWith(".snd"u8),
            ".aif" or ".aiff" => h.StartsWith("FORM"u8),
            ".m4a" => h.Length >= 8 && h.Slice(4, 4).SequenceEqual("ftyp"u8),
            _ => true,
        };
        return ok ? null : $"header is not a valid {ext.TrimStart('.')} header";
    }

    private static bool IsWave(ReadOnlySpan<byte> h)
    {
        if (h.Length < 20 || !h.StartsWith("RIFF"u8) || !h.Slice(8, 4).SequenceEqual("WAVE"u8))
        {
            return false;
        }

        // The first chunk must have a plausible id (printable ASCII) and size.
        ReadOnlySpan<byte> id = h.Slice(12, 4);
        foreach (byte b in id)
        {
            if (b is < 0x20 or > 0x7E)
            {
                return false;
            }
        }

        return BinaryPrimitives.ReadUInt32LittleEndian(h.Slice(16, 4)) > 0;
    }
}
