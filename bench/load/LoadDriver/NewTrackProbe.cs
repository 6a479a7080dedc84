using System.Diagnostics;
using System.Net;
using System.Text.Json;

namespace LoadDriver;

/// <summary>
/// Watches tracks that a concurrent scan adds (found by a search text, e.g. their file names) and records when they
/// are listed and when /similar answers for them, every two seconds while the load runs (not part of the measured load).
/// </summary>
internal sealed class NewTrackProbe(Workload workload, string query, int expect) : IDisposable
{
    private readonly Stopwatch _clock = new();
    private int _listed;
    private int _recommendable;
    private int _failedChecks;
    private double? _firstListedS;
    private double? _allRecommendableS;

    public async Task RunAsync(TimeSpan duration, CancellationToken ct)
    {
        _clock.Start();
        while (_clock.Elapsed < duration && !ct.IsCancellationRequested)
        {
            await CheckAsync(ct);
            await Task.Delay(TimeSpan.FromSeconds(2), ct);
        }

        await CheckAsync(ct);
    }

    public string Describe()
    {
        var listed = _firstListedS is { } l ? $"first listed after {l:0} s" : "never listed";
        var all = _allRecommendableS is { } a ? $"all recommendable (/similar 200) after {a:0} s" : "not all recommendable by the end";
        var failed = _failedChecks > 0 ? $"; {_failedChecks} checks failed (timeout or connection)" : "";
        return $"scan probe '{query}': {_listed}/{expect} listed, {_recommendable}/{expect} recommendable at the end; {listed}; {all}{failed}";
    }

    public void Dispose() => _clock.Stop();

    private async Task CheckAsync(CancellationToken ct)
    {
        try
        {
            await CheckCoreAsync(ct);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            _failedChecks++; // an overloaded server: try again at the next check
        }
    }

    private async Task CheckCoreAsync(CancellationToken ct)
    {
        var (status, body) = await workload.GetAsync($"/api/tracks?q={Uri.EscapeDataString(query)}&pageSize=200", ct);
        if (status != HttpStatusCode.OK)
        {
            return;
        }

        using var doc = JsonDocument.Parse(body);
        var ids = doc.RootElement.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt64()).ToList();
        var recommendable = 0;
        foreach (var id in ids)
        {
            var (similar, _) = await workload.GetAsync($"/api/tracks/{id}/similar?n=1", ct);
            recommendable += similar == HttpStatusCode.OK ? 1 : 0;
        }

        (_listed, _recommendable) = (ids.Count, recommendable);
        if (ids.Count > 0)
        {
            _firstListedS ??= _clock.Elapsed.TotalSeconds;
        }

        if (expect > 0 && recommendable >= expect)
        {
            _allRecommendableS ??= _clock.Elapsed.TotalSeconds;
        }
    }
}
