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
            $"serve pid {pid}: VmRSS {rss / 1024.0:0} MB now, {Math.Max(_peakSampledKb, rss) / 1024.0:0} MB peak sampled during the load, VmHWM {hwm / 1024.0:0} MB; now {Parts()}");
    }

    /// <summary>
    /// What the resident memory is now: anonymous (the GC heap, native allocations, stacks) and file-backed, the latter
    /// split by the mapped files that matter at scale (the snapshot file's vectors, the graph file) from /proc/PID/smaps.
    /// </summary>
    private string Parts()
    {
        var byFile = new Dictionary<string, long>(StringComparer.Ordinal);
        try
        {
            string? file = null;
            foreach (var line in File.ReadLines($"/proc/{pid}/smaps"))
            {
                var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (fields.Length >= 5 && fields[0].Contains('-', StringComparison.Ordinal) && !fields[0].EndsWith(':'))
                {
                    file = fields.Length >= 6 ? Path.GetExtension(fields[^1]) : null;
                }
                else if (file is { Length: > 0 } && fields is ["Rss:", var kb, "kB"])
                {
                    byFile[file] = byFile.GetValueOrDefault(file) + long.Parse(kb, CultureInfo.InvariantCulture);
                }
            }
        }
        catch (IOException)
        {
        }

        var files = string.Join(", ", byFile.Where(kv => kv.Value >= 10 * 1024).OrderByDescending(kv => kv.Value).Select(kv => $"{kv.Key} {kv.Value / 1024.0:0} MB"));
        return string.Create(
            CultureInfo.InvariantCulture,
            $"RssAnon {Read("RssAnon") / 1024.0:0} MB (GC heap and native), RssFile {Read("RssFile") / 1024.0:0} MB (mapped files by extension: {files})");
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
