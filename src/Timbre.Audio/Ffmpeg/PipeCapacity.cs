using System.IO.Pipes;
using System.Runtime.InteropServices;

namespace Timbre.Audio.Ffmpeg;

/// <summary>
/// Widens the pipe a tool writes its samples into (Linux <c>F_SETPIPE_SZ</c>, 1 MiB, the unprivileged maximum):
/// with the default 64 KiB ffmpeg blocks every few writes and both processes are woken far more often than the data
/// needs. Best effort: anywhere it is not possible the pipe keeps its size.
/// </summary>
internal static class PipeCapacity
{
    /// <summary>The size asked for.</summary>
    public const int Bytes = 1 << 20;

    private const int SetPipeSize = 1031; // F_SETPIPE_SZ (F_LINUX_SPECIFIC_BASE + 7)

    /// <summary>Asks for a <see cref="Bytes"/> pipe behind <paramref name="stream"/>; returns whether it was granted.</summary>
    public static bool TryWiden(Stream stream)
    {
        if (!OperatingSystem.IsLinux() || stream is not PipeStream pipe)
        {
            return false;
        }

        try
        {
            return Fcntl((int)pipe.SafePipeHandle.DangerousGetHandle(), SetPipeSize, Bytes) >= Bytes;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or InvalidOperationException)
        {
            return false;
        }
    }

    [DllImport("libc", EntryPoint = "fcntl", SetLastError = false)]
    private static extern int Fcntl(int fd, int command, int argument);
}
