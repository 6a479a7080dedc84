using System.ComponentModel;
using System.Diagnostics;
using Timbre.Core.Errors;

namespace Timbre.Audio.Ffmpeg;

/// <summary>
/// Runs one ffmpeg-family tool with an argument list (never a shell string): stdout goes to a consumer on the calling
/// thread, stderr is drained concurrently (its last lines kept for error messages), timeout and cancellation kill the
/// whole process tree. A consumer that has read enough returns true: the tool is killed and its exit status ignored.
/// With a stderr listener every stderr line reaches it as it arrives (null once stderr ends), and a tail filter
/// decides what of a line the error tail keeps (null: nothing).
/// </summary>
internal static class ToolProcess
{
    /// <summary>What the run left behind.</summary>
    /// <param name="ExitCode">The tool's exit code (meaningless when <paramref name="StoppedEarly"/>).</param>
    /// <param name="ErrorTail">Its last stderr lines, joined.</param>
    /// <param name="StoppedEarly">The consumer had enough and the tool was killed.</param>
    public readonly record struct Result(int ExitCode, string ErrorTail, bool StoppedEarly = false)
    {
        public bool Succeeded => StoppedEarly || ExitCode == 0;
    }

    /// <summary>
    /// How every tool is started: the executable itself with an argument list (no shell), all three standard streams
    /// piped, stderr read as UTF-8.
    /// </summary>
    public static ProcessStartInfo PipedStartInfo(string executable, IEnumerable<string> arguments)
    {
        var startInfo = new ProcessStartInfo(executable)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            CreateNoWindow = true,
            StandardErrorEncoding = System.Text.Encoding.UTF8,
        };
        foreach (string argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        return startInfo;
    }

    public static Result Run(
        string executable,
        string toolName,
        IEnumerable<string> arguments,
        string path,
        Func<Stream, bool> consumeStdout,
        FfmpegOptions options,
        CancellationToken cancellationToken,
        Action<string?>? stderrLine = null,
        Func<string, string?>? tailText = null)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var process = new Process { StartInfo = PipedStartInfo(executable, arguments) };
        var tail = new Queue<string>();
        process.ErrorDataReceived += (_, e) =>
        {
            stderrLine?.Invoke(e.Data);
            string? kept = e.Data is null ? null : tailText is null ? e.Data : tailText(e.Data);
            if (string.IsNullOrWhiteSpace(kept))
            {
                return;
            }

            lock (tail)
            {
                tail.Enqueue(kept.Trim());
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
            throw new AudioDecodingException(path, AudioFailure.ToolMissing,
                e.NativeErrorCode == 2
                    ? $"{toolName} not found; install it with: apt-get install ffmpeg (tried '{executable}')"
                    : $"could not start {toolName} ('{executable}'): {e.Message}", e);
        }

        process.StandardInput.Close();
        PipeCapacity.TryWiden(process.StandardOutput.BaseStream);
        process.BeginErrorReadLine();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Timeout);
        bool stoppedEarly = false;
        using (timeout.Token.Register(() => Kill(process)))
        {
            try
            {
                stoppedEarly = consumeStdout(process.StandardOutput.BaseStream);
                if (stoppedEarly)
                {
                    Kill(process);
                }
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
            throw new AudioDecodingException(path, AudioFailure.Timeout, $"{toolName} timed out after {options.Timeout.TotalSeconds:0.#} s");
        }

        string errorTail;
        lock (tail)
        {
            errorTail = string.Join(" | ", tail);
        }

        return new Result(process.ExitCode, errorTail, stoppedEarly);
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
