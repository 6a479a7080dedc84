using System.Globalization;

namespace LoadDriver;

/// <summary>Resident memory of the served process from /proc/PID/status: current, sampled peak and the kernel's high-water mark.</summary>
internal sealed class PeakRss(int? pid)
{
    private long _peakSampledKb;

    public void Sample()
    {
        if (Read("VmRSS") is { } kb)
        {
            _peakSampledKb = Math.Max(_peakSampledKb, kb);
        }
    }

    public string? Describe()
    {
        if (pid is null || Read("VmRSS") is not { } rss)
        {
            return pid is null ? null : $"serve (pid {pid}) is gone: no RSS";
        }

        var hwm = Read("VmHWM");
        return string.Create(
            CultureInfo.InvariantCulture,
            $"serve pid {pid}: VmRSS {rss / 1024.0:0} MB now, {Math.Max(_peakSampledKb, rss) / 1024.0:0} MB peak sampled during the load, VmHWM {hwm / 1024.0:0} MB");
    }

    private long? Read(string key)
    {
        if (pid is null)
        {
            return null;
        }

        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith(key + ":", StringComparison.Ordinal))
                {
                    return long.Parse(line[(key.Length + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
                }
            }
        }
        catch (IOException)
        {
        }

        return null;
    }
}
