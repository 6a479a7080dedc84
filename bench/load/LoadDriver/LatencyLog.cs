using System.Globalization;

namespace LoadDriver;

/// <summary>Latencies and outcomes of one route; thread-safe.</summary>
internal sealed class LatencyLog(string route)
{
    private readonly List<double> _serviceMs = [];
    private readonly List<double> _scheduledMs = [];
    private readonly Dictionary<string, int> _errors = new(StringComparer.Ordinal);

    public string Route { get; } = route;

    /// <summary>Records one request: time from sending, time from its slot in the schedule, and an error or null.</summary>
    public void Add(double serviceMs, double scheduledMs, string? error)
    {
        lock (_serviceMs)
        {
            _serviceMs.Add(serviceMs);
            _scheduledMs.Add(scheduledMs);
            if (error is not null)
            {
                _errors[error] = _errors.GetValueOrDefault(error) + 1;
            }
        }
    }

    public int Count
    {
        get
        {
            lock (_serviceMs)
            {
                return _serviceMs.Count;
            }
        }
    }

    public int ErrorCount
    {
        get
        {
            lock (_serviceMs)
            {
                return _errors.Values.Sum();
            }
        }
    }

    public string ErrorSummary()
    {
        lock (_serviceMs)
        {
            return string.Join(", ", _errors.OrderByDescending(e => e.Value).Select(e => $"{e.Key}×{e.Value}"));
        }
    }

    /// <summary>The q-quantile (0–1) of the service latency (from sending), in ms; NaN without requests.</summary>
    public double Service(double q) => Quantile(_serviceMs, q);

    /// <summary>The q-quantile of the latency from the request's slot in the fixed-rate schedule (wrk2's view).</summary>
    public double FromSchedule(double q) => Quantile(_scheduledMs, q);

    private double Quantile(List<double> values, double q)
    {
        double[] sorted;
        lock (_serviceMs)
        {
            sorted = [.. values];
        }

        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        Array.Sort(sorted);
        var index = (int)Math.Ceiling(q * sorted.Length) - 1;
        return sorted[Math.Clamp(index, 0, sorted.Length - 1)];
    }

    public static string Ms(double v) => double.IsNaN(v) ? "-" : v.ToString(v < 10 ? "0.00" : "0.0", CultureInfo.InvariantCulture);
}
