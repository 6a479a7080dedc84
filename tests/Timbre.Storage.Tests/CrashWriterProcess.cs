using System.Collections.Concurrent;
using System.Diagnostics;

namespace Timbre.Storage.Tests;

/// <summary>The crash writer (tests/Timbre.Storage.CrashWriter) as a child process, its stdout collected line by line.</summary>
internal sealed class CrashWriterProcess : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);
    private readonly Process _process;
    private readonly BlockingCollection<string> _lines = new();
    private readonly List<string> _stderr = new();

    private CrashWriterProcess(Process process)
    {
        _process = process;
    }

    public int LastCommitted { get; private set; }

    public static CrashWriterProcess Start(string catalog, int total, int batch, int dim, int pauseAt = -1, int delayMs = 0)
    {
        var info = DotnetChild.StartInfo("Timbre.Storage.CrashWriter.dll", catalog, $"{total}", $"{batch}", $"{dim}", $"{pauseAt}", $"{delayMs}");

        var process = new Process { StartInfo = info };
        var writer = new CrashWriterProcess(process);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                writer._lines.CompleteAdding();
            }
            else
            {
                writer._lines.Add(e.Data);
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (writer._stderr)
                {
                    writer._stderr.Add(e.Data);
                }
            }
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return writer;
    }

    /// <summary>Reads lines until <paramref name="line"/>; true when, with <paramref name="orDone"/>, "DONE" came first.</summary>
    public bool WaitFor(string line, bool orDone = false)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (true)
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || !_lines.TryTake(out var got, left))
            {
                string err;
                lock (_stderr)
                {
                    err = string.Join('\n', _stderr);
                }

                Assert.Fail($"crash writer never printed '{line}' (exited: {_process.HasExited}); stderr:\n{err}");
                return false;
            }

            if (got.StartsWith("COMMITTED ", StringComparison.Ordinal))
            {
                LastCommitted = int.Parse(got[10..], System.Globalization.CultureInfo.InvariantCulture);
            }

            if (got == line)
            {
                return false;
            }

            if (orDone && got.StartsWith("DONE ", StringComparison.Ordinal))
            {
                return true;
            }
        }
    }

    public void Kill()
    {
        _process.Kill(entireProcessTree: true); // SIGKILL on Unix
        Assert.True(_process.WaitForExit(Timeout));
    }

    public int WaitForExit()
    {
        Assert.True(_process.WaitForExit(Timeout), "crash writer did not finish");
        _process.WaitForExit(); // drain redirected output
        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
        _lines.Dispose();
    }
}
