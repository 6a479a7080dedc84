using System.Diagnostics;

namespace Timbre.Testing;

/// <summary>
/// Measures how far this process's resident memory rises during an action: the kernel's peak mark (Linux VmHWM,
/// reset through /proc/self/clear_refs) and, where that cannot be reset, RSS sampled every few milliseconds.
/// </summary>
public static class PeakMemory
{
    /// <summary>Runs <paramref name="action"/> and returns the peak resident bytes above the resident size before it.</summary>
    public static async Task<long> GrowthDuring(Func<Task> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var resetWorked = TryResetPeak();
        var before = Resident();
        long sampled = before;
        using var stop = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var now = Resident();
                if (now > Interlocked.Read(ref sampled))
                {
                    Interlocked.Exchange(ref sampled, now);
                }

                await Task.Delay(5).ConfigureAwait(false);
            }
        });
        await action().ConfigureAwait(false);
        await stop.CancelAsync().ConfigureAwait(false);
        await sampler.ConfigureAwait(false);
        var peak = Math.Max(Interlocked.Read(ref sampled), resetWorked ? StatusBytes("VmHWM:") ?? 0 : 0);
        return Math.Max(0, peak - before);
    }

    private static bool TryResetPeak()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static long Resident() => StatusBytes("VmRSS:") ?? Process.GetCurrentProcess().WorkingSet64;

    private static long? StatusBytes(string key)
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
            {
                if (line.StartsWith(key, StringComparison.Ordinal))
                {
                    return long.Parse(line[key.Length..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture) * 1024;
                }
            }
        }
        catch (IOException)
        {
        }

        return null;
    }
}
