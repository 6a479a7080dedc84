using System.Diagnostics;
using System.Globalization;
using System.Net;
using LoadDriver;

// A bounded, open-loop load generator for `timbre serve` on loopback: requests start at a fixed rate whatever the
// answers' latency (so a slow server shows as latency, not as a lower rate), the schedule stops after --seconds and
// requests still running after a grace period are cancelled. Prints p50/p99 per route, errors and serve's memory.
DriverOptions options;
try
{
    options = DriverOptions.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    return 1;
}

CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(options.WarmupSeconds + options.Seconds + 120));
Workload workload;
try
{
    workload = new Workload(options.BaseUrl, options.Mix);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    return 1;
}

using var _ = workload;
var random = new Random(1);

// Cold start: the first /similar and /me/recommendations build the server's snapshot and recommenders.
var cold = Stopwatch.StartNew();
var (coldStatus, coldBody) = await workload.GetAsync("/api/tracks/1/similar?n=10", cts.Token);
Console.WriteLine($"first /similar (cold snapshot): {cold.Elapsed.TotalMilliseconds:0} ms, HTTP {(int)coldStatus}");
if (coldStatus != HttpStatusCode.OK)
{
    Console.Error.WriteLine($"The server cannot recommend from this catalog: {coldBody}");
    return 1;
}

await workload.SetUpAsync(options.Users, random, cts.Token);
Console.WriteLine($"tracks 1–{workload.MaxTrackId}, {workload.AudioIds.Count} with real audio, {options.Users} signed-in users (5 likes each)");
var logs = workload.Routes.ToDictionary(r => r, r => new LatencyLog(r));
var peakRss = new PeakRss(options.ServePid);
var serveCpu = new ServeCpu(options.ServePid);

if (options.WarmupSeconds > 0)
{
    Console.WriteLine($"warm-up: {options.WarmupSeconds} s at {options.Rate} req/s (not measured)");
    await RunAsync(options.WarmupSeconds, null);
}

Console.WriteLine($"load: {options.Seconds} s at {options.Rate} req/s, mixed: {string.Join(", ", workload.Routes)}");
using var probe = options.ProbeQuery is { } query ? new NewTrackProbe(workload, query, options.ProbeExpect) : null;
var probeTask = probe?.RunAsync(TimeSpan.FromSeconds(options.Seconds), cts.Token) ?? Task.CompletedTask;
using var likeProbe = options.LikeProbeSeconds > 0 ? new LikeProbe(workload, TimeSpan.FromSeconds(options.LikeProbeSeconds), TimeSpan.FromSeconds(5)) : null;
var likeProbeTask = likeProbe?.RunAsync(TimeSpan.FromSeconds(options.Seconds), cts.Token) ?? Task.CompletedTask;
var during = options.During is { } command ? new DuringCommand(command, TimeSpan.FromSeconds(options.DuringDelaySeconds)) : null;
var duringTask = during?.RunAsync(cts.Token) ?? Task.CompletedTask;
serveCpu.Start();
var (elapsed, unfinished) = await RunAsync(options.Seconds, logs);
serveCpu.Stop();
await probeTask;
await likeProbeTask;
if (during is not null)
{
    await during.FinishAsync(duringTask, TimeSpan.FromSeconds(60));
}

Print();
return Verdict();

async Task<(TimeSpan Elapsed, int Unfinished)> RunAsync(int seconds, Dictionary<string, LatencyLog>? record)
{
    using var stop = CancellationTokenSource.CreateLinkedTokenSource(cts.Token);
    var clock = Stopwatch.StartNew();
    var total = (long)seconds * options.Rate;
    var running = new List<Task>((int)Math.Min(total, 1_000_000));
    for (long k = 0; k < total; k++)
    {
        var dueMs = k * 1000.0 / options.Rate;
        var waitMs = dueMs - clock.Elapsed.TotalMilliseconds;
        if (waitMs > 1)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(waitMs), cts.Token);
        }

        var route = workload.Pick(Random.Shared);
        running.Add(Task.Run(() => FireAsync(route, dueMs, clock, record, stop.Token)));
        if (k % options.Rate == 0)
        {
            peakRss.Sample();
        }
    }

    var elapsed = clock.Elapsed;
    var all = Task.WhenAll(running);
    await Task.WhenAny(all, Task.Delay(TimeSpan.FromSeconds(15)));
    var left = running.Count(t => !t.IsCompleted);
    stop.Cancel(); // hard stop: whatever is still running is cancelled and counted
    try
    {
        await all;
    }
    catch (OperationCanceledException)
    {
    }

    return (elapsed, left);
}

async Task FireAsync(string route, double dueMs, Stopwatch clock, Dictionary<string, LatencyLog>? record, CancellationToken ct)
{
    var sent = clock.Elapsed.TotalMilliseconds;
    string? error;
    try
    {
        error = await workload.SendAsync(route, Random.Shared, ct);
    }
    catch (Exception e) when (e is HttpRequestException or TaskCanceledException or OperationCanceledException)
    {
        error = e is HttpRequestException ? "connection error" : "timeout/cancelled";
    }

    var done = clock.Elapsed.TotalMilliseconds;
    record?[route].Add(done - sent, done - dueMs, error);
}

void Print()
{
    var requests = logs.Values.Sum(l => l.Count);
    var errors = logs.Values.Sum(l => l.ErrorCount);
    Console.WriteLine();
    Console.WriteLine($"{"route",-20} {"count",7} {"errors",7} {"p50 ms",8} {"p99 ms",8} {"max ms",8} {"p99 sched",10}");
    foreach (var log in logs.Values)
    {
        Console.WriteLine(
            $"{log.Route,-20} {log.Count,7} {log.ErrorCount,7} {LatencyLog.Ms(log.Service(0.5)),8} {LatencyLog.Ms(log.Service(0.99)),8} {LatencyLog.Ms(log.Service(1)),8} {LatencyLog.Ms(log.FromSchedule(0.99)),10}");
    }

    Console.WriteLine($"{"all",-20} {requests,7} {errors,7}");
    Console.WriteLine($"achieved {requests / elapsed.TotalSeconds:0.0} req/s over {elapsed.TotalSeconds:0.0} s; unfinished at the hard stop: {unfinished}");
    foreach (var log in logs.Values.Where(l => l.ErrorCount > 0))
    {
        Console.WriteLine($"errors on {log.Route}: {log.ErrorSummary()}");
    }

    Console.WriteLine("(p50/p99/max: from sending; p99 sched: from the request's slot in the fixed-rate schedule, which adds client-side queueing)");
    if (peakRss.Describe() is { } rss)
    {
        Console.WriteLine(rss);
    }

    if (serveCpu.Describe(requests) is { } cpu)
    {
        Console.WriteLine(cpu);
    }

    if (during is not null)
    {
        Console.WriteLine(during.Describe());
    }

    if (probe is not null)
    {
        Console.WriteLine(probe.Describe());
    }

    if (likeProbe is not null)
    {
        Console.WriteLine(likeProbe.Describe());
    }
}

int Verdict()
{
    var errors = logs.Values.Sum(l => l.ErrorCount) + unfinished;
    var similarP99 = logs.TryGetValue("similar", out var similar) ? similar.Service(0.99) : double.NaN;
    var recsP99 = logs.TryGetValue("me/recommendations", out var recs) ? recs.Service(0.99) : double.NaN;
    var likesOk = likeProbe?.MetTarget(TimeSpan.FromSeconds(1)) ?? true;
    var ok = errors == 0 && !(similarP99 > options.TargetSimilarP99Ms) && !(recsP99 > options.TargetSimilarP99Ms) && likesOk;
    Console.WriteLine(
        $"target (0 errors, /similar and /me/recommendations p99 ≤ {options.TargetSimilarP99Ms} ms, likes visible within 1 s): {(ok ? "MET" : "MISSED")} — " +
        $"{errors} errors, /similar p99 {LatencyLog.Ms(similarP99)} ms, /me/recommendations p99 {LatencyLog.Ms(recsP99)} ms" +
        (likeProbe is null ? "" : $", likes visible within 1 s: {(likesOk ? "yes" : "no")}"));
    return ok ? 0 : 2;
}
