using System.Globalization;

namespace LoadDriver;

/// <summary>
/// CPU time (user + system) the served process spent during the measured load, from /proc/PID/stat: unlike
/// latency, CPU-seconds per 1000 requests do not grow when other processes share the cores.
/// </summary>
internal sealed class ServeCpu(int? pid)
{
    private const double TicksPerSecond = 100; // USER_HZ on Linux
    private double? _start;
    private double? _end;

    public void Start() => _start = Read();

    public void Stop() => _end = Read();

    public string? Describe(long requests)
    {
        if (_start is not { } start || _end is not { } end || requests == 0)
        {
            return null;
        }

        var seconds = end - start;
        return string.Create(
            CultureInfo.InvariantCulture,
            $"serve CPU during the load: {seconds:0.0} s user+sys for {requests} requests = {seconds * 1000 / requests:0.00} CPU-s per 1000 requests; load average {File.ReadAllText("/proc/loadavg").Trim()}");
    }

    private double? Read()
    {
        if (pid is null)
        {
            return null;
        }

        try
        {
            // Fields after the parenthesised command name: state is field 3, utime 14 and stime 15 (1-based).
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / TicksPerSecond;
        }
        catch (IOException)
        {
            return null;
        }
    }
}
