using System.Diagnostics;

namespace LoadDriver;

/// <summary>A shell command run during the measured load (a concurrent scan); bounded: killed if still running at the end.</summary>
internal sealed class DuringCommand(string command, TimeSpan delay)
{
    private Process? _process;
    private readonly Stopwatch _clock = new();
    private string _outcome = "not started";

    public async Task RunAsync(CancellationToken ct)
    {
        await Task.Delay(delay, ct);
        var info = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(command);
        _clock.Start();
        _process = Process.Start(info) ?? throw new InvalidOperationException($"Cannot start: {command}");
        await _process.WaitForExitAsync(ct);
        _clock.Stop();
        _outcome = $"exited with code {_process.ExitCode} after {_clock.Elapsed.TotalSeconds:0.0} s";
    }

    /// <summary>Waits up to <paramref name="grace"/> for the command, then kills it (by its own process id).</summary>
    public async Task FinishAsync(Task running, TimeSpan grace)
    {
        await Task.WhenAny(running, Task.Delay(grace));
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            _outcome = $"killed at the hard stop after {_clock.Elapsed.TotalSeconds:0.0} s";
        }

        try
        {
            await running;
        }
        catch (OperationCanceledException)
        {
        }
    }

    public string Describe() => $"during the load: '{command}' {_outcome}";
}
