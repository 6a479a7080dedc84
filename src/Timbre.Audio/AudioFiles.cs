using System.Runtime.InteropServices;
using Timbre.Audio.Wav;
using Timbre.Core.Errors;

namespace Timbre.Audio;

/// <summary>Checks done on a path before any decoder reads it or spawns a process.</summary>
internal static class AudioFiles
{
    /// <summary>
    /// Refuses a missing path, a directory, anything that is not a regular file once symlinks are resolved (FIFOs and
    /// devices would block or never end) and an empty file, before anything opens it.
    /// </summary>
    public static void CheckReadable(string path)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new AudioDecodingException(path ?? string.Empty, AudioFailure.NotFound, "empty file path");
        }

        if (Directory.Exists(path))
        {
            throw new AudioDecodingException(path, AudioFailure.NotAFile, "is a directory, not an audio file");
        }

        var info = new FileInfo(path);
        if (!info.Exists)
        {
            throw new AudioDecodingException(path, AudioFailure.NotFound);
        }

        if (FileType(path) is { } type && type != RegularFile)
        {
            throw new AudioDecodingException(path, AudioFailure.NotAFile, $"file type 0{Convert.ToString(type, 8)} (a FIFO, device or socket)");
        }

        if (info.Length == 0)
        {
            throw new AudioDecodingException(path, AudioFailure.Empty);
        }
    }

    public static void CheckTargetRate(int targetSampleRate)
    {
        if (targetSampleRate < 1 || targetSampleRate > WavReader.MaxSampleRate)
        {
            throw new InvalidOptionsException(
                $"Target sample rate must be in 1..{WavReader.MaxSampleRate} Hz, got {targetSampleRate}.");
        }
    }

    /// <summary>An ffmpeg input that is always read as a local file, whatever characters the name holds.</summary>
    public static string FileUrl(string path) => "file:" + Path.GetFullPath(path);

    public static FileStream Open(string path)
    {
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new AudioDecodingException(path, AudioFailure.Unreadable, $"cannot open: {e.Message}", e);
        }
    }

    private const int TypeMask = 0xF000;
    private const int RegularFile = 0x8000;

    /// <summary>
    /// The S_IFMT bits of the file (symlinks followed) from Linux <c>statx</c>, whose layout is the same on every
    /// architecture; null elsewhere or when the call fails (the empty-file check still stops FIFOs and devices, which
    /// report size 0).
    /// </summary>
    private static int? FileType(string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        const int AtFdCwd = -100;
        const uint StatxType = 0x1;
        var buffer = new byte[256];
        try
        {
            if (Statx(AtFdCwd, path, 0, StatxType, buffer) != 0)
            {
                return null;
            }
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }

        // struct statx: stx_mask (u32) … stx_mode (u16) at byte 28.
        return BitConverter.ToUInt16(buffer, 28) & TypeMask;
    }

    [DllImport("libc", EntryPoint = "statx")]
    private static extern int Statx(int dirFd, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mask, [Out] byte[] buffer);
}
