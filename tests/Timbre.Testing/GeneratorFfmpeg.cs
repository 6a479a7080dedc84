using System.Diagnostics;

namespace Timbre.Testing;

/// <summary>Runs ffmpeg to make test audio; a failure is an exception with ffmpeg's message.</summary>
public static class GeneratorFfmpeg
{
    /// <summary>Runs <c>ffmpeg -nostdin -v error -y ARGS</c> and waits for it.</summary>
    public static void Run(params string[] arguments)
    {
        var start = new ProcessStartInfo("ffmpeg")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var a in (string[])["-nostdin", "-v", "error", "-y", .. arguments])
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"ffmpeg {string.Join(' ', arguments)} failed: {error.Result}");
        }
    }

    /// <summary>Encodes <paramref name="seconds"/> of a 440 Hz tone at <paramref name="rate"/> Hz with the given codec arguments into bytes.</summary>
    public static byte[] Tone(string extension, double seconds, int rate, params string[] codec)
    {
        var path = Path.Combine(Path.GetTempPath(), $"timbre-gen-{Guid.NewGuid():N}{extension}");
        try
        {
            Run(["-f", "lavfi", "-i", FormattableString.Invariant($"sine=frequency=440:sample_rate={rate}:duration={seconds}"), .. codec, path]);
            return File.ReadAllBytes(path);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
