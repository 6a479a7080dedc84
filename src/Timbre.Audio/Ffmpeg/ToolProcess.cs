using System.ComponentModel;
using System.Diagnostics;
using Timbre.Core.Errors;

namespace Timbre.Audio.Ffmpeg;

/// <summary>
/// Runs one ffmpeg-family tool with an argument list (never a shell string): stdout goes to a consumer on the calling
/// thread, stderr is drained concurrently (its last lines kept for error messages), timeout and cancellation kill the
/// whole process tree.
/// </summary>
internal static class ToolProcess
{
    /// <summary>What the run left behind.</summary>
    public readonly record struct Result(int ExitCode, string ErrorTail);

    public static Result Run(
        string executable,
        string toolName,
        IEnumerable<string> arguments,
        string path,
        Action<Stream> consumeStdout,
        FfmpegOptions options,
        CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var startInfo = new ProcessStartInfo(executable)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            CreateNoWindow = true,
        };
        foreach (string argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = new Process { StartInfo = startInfo };
        var tail = new Queue<string>();
        process.ErrorDataReceived += (_, e) =>
        {
            if (string.IsNullOrWhiteSpace(e.Data))
            {
                return;
            }

            lock (tail)
            {
                tail.Enqueue(e.Data.Trim());
                if (tail.Count > options.ErrorLines)
                {
                    tail.Dequeue();
                }
            }
        };

        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            throw new AudioDecodingException(path,
                e.NativeErrorCode == 2
                    ? $"{toolName} not found; install it with: apt-get install ffmpeg (tried '{executable}')"
                    : $"could not start {toolName} ('{executable}'): {e.Message}", e);
        }

        process.StandardInput.Close();
        process.BeginErrorReadLine();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Timeout);
        using (timeout.Token.Register(() => Kill(process)))
        {
            try
            {
                consumeStdout(process.StandardOutput.BaseStream);
            }
            catch
            {
                Kill(process);
                throw;
            }
            finally
            {
                process.WaitForExit();
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
        if (timeout.IsCancellationRequested)
        {
            throw new AudioDecodingException(path, $"{toolName} timed out after {options.Timeout.TotalSeconds:0.#} s");
        }

        string errorTail;
        lock (tail)
        {
            errorTail = string.Join(" | ", tail);
        }

        return new Result(process.ExitCode, errorTail);
    }

    private static void Kill(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        catch (Win32Exception)
        {
            // Already gone or not ours to kill; WaitForExit still returns when it ends.
        }
    }
}
