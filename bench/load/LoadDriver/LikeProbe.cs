using System.Diagnostics;
using System.Net;
using System.Text.Json;

namespace LoadDriver;

/// <summary>
/// Measures how soon a like shows in the user's recommendations while the load runs (issue 12: within 1 s): every
/// few seconds a new user (no history, so /me/recommendations has nothing for them) likes one random track, then
/// polls /me/recommendations until it answers with items. The delay is counted from the like's answer to that first
/// answer with items, and the number of polls it took (1 = the very next request). Not part of the measured load.
/// </summary>
internal sealed class LikeProbe(Workload workload, TimeSpan every, TimeSpan giveUp) : IDisposable
{
    private readonly List<(double DelayMs, int Polls)> _seen = [];
    private readonly List<HttpClient> _clients = [];
    private int _tries;
    private int _notVisible;
    private int _failed;
    private int _hadItemsBefore;

    public async Task RunAsync(TimeSpan duration, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var random = new Random(7);
        while (clock.Elapsed + giveUp < duration && !ct.IsCancellationRequested)
        {
            var next = clock.Elapsed + every;
            try
            {
                await ProbeOnceAsync(random, ct);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or InvalidOperationException && !ct.IsCancellationRequested)
            {
                _failed++; // an overloaded server: counted, the next probe tries again
            }

            var wait = next - clock.Elapsed;
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, ct);
            }
        }
    }

    public string Describe()
    {
        var head = $"like probe: {_seen.Count}/{_tries} likes visible in /me/recommendations";
        if (_seen.Count == 0)
        {
            return $"{head}; {Problems()}";
        }

        var delays = _seen.Select(s => s.DelayMs).Order().ToArray();
        var maxPolls = _seen.Max(s => s.Polls);
        var atOnce = _seen.Count(s => s.Polls == 1);
        return $"{head}, {atOnce} on the very next request (most polls needed: {maxPolls}); delay from the like's answer " +
            $"p50 {LatencyLog.Ms(delays[delays.Length / 2])} ms, max {LatencyLog.Ms(delays[^1])} ms (target ≤ 1000 ms){Problems()}";
    }

    /// <summary>Whether every probe ran and its like was visible within <paramref name="target"/>.</summary>
    public bool MetTarget(TimeSpan target)
        => _tries > 0 && _seen.Count == _tries && _seen.All(s => s.DelayMs <= target.TotalMilliseconds);

    public void Dispose()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }
    }

    private string Problems()
    {
        var parts = new List<string>();
        if (_notVisible > 0)
        {
            parts.Add($"{_notVisible} not visible within {giveUp.TotalSeconds:0} s");
        }

        if (_hadItemsBefore > 0)
        {
            parts.Add($"{_hadItemsBefore} users had recommendations before their first like (probe invalid)");
        }

        if (_failed > 0)
        {
            parts.Add($"{_failed} probes failed (timeout or connection)");
        }

        return parts.Count == 0 ? "" : "; " + string.Join("; ", parts);
    }

    private async Task ProbeOnceAsync(Random random, CancellationToken ct)
    {
        _tries++;
        var user = await workload.RegisterAsync($"likeprobe-{workload.RunTag}-{_tries}", ct);
        _clients.Add(user);
        if (await HasItemsAsync(user, ct))
        {
            _hadItemsBefore++;
            return;
        }

        using (var liked = await Workload.Like(user, workload.RandomTrack(random), ct))
        {
            liked.EnsureSuccessStatusCode();
        }

        var since = Stopwatch.StartNew();
        for (var polls = 1; since.Elapsed < giveUp; polls++)
        {
            if (await HasItemsAsync(user, ct))
            {
                _seen.Add((since.Elapsed.TotalMilliseconds, polls));
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20), ct);
        }

        _notVisible++;
    }

    private static async Task<bool> HasItemsAsync(HttpClient user, CancellationToken ct)
    {
        using var response = await user.GetAsync("/api/me/recommendations?n=10", ct);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            return false; // no history yet: the profile method has nothing to go on
        }

        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
        return doc.RootElement.GetProperty("items").GetArrayLength() > 0;
    }
}
