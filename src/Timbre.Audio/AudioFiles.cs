using Timbre.Audio.Wav;
using Timbre.Core.Errors;

namespace Timbre.Audio;

/// <summary>Checks done on a path before any decoder reads it or spawns a process.</summary>
internal static class AudioFiles
{
    public static void CheckReadable(string path)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new AudioDecodingException(path ?? string.Empty, "empty file path");
        }

        if (Directory.Exists(path))
        {
            throw new AudioDecodingException(path, "is a directory, not an audio file");
        }

        var info = new FileInfo(path);
        if (!info.Exists)
        {
            throw new AudioDecodingException(path, "file not found");
        }

        if (info.Length == 0)
        {
            throw new AudioDecodingException(path, "file is empty");
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

    public static double CheckMaxSeconds(double maxSeconds)
    {
        if (!(maxSeconds > 0 && double.IsFinite(maxSeconds)))
        {
            throw new InvalidOptionsException($"The seconds to decode must be a positive number, got {maxSeconds}.");
        }

        return maxSeconds;
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
            throw new AudioDecodingException(path, $"cannot open: {e.Message}", e);
        }
    }
}
