namespace Timbre.Web.Uploads;

/// <summary>
/// Bounds how many analyses run at once (<see cref="TimbreWebOptions.MaxConcurrentAnalyses"/>); the rest wait in
/// line up to <see cref="TimbreWebOptions.AnalysisQueueTimeout"/>, then get 503 instead of overloading the server.
/// </summary>
internal sealed class AnalysisQueue(TimbreWebOptions options) : IDisposable
{
    private readonly SemaphoreSlim _slots = new(options.MaxConcurrentAnalyses, options.MaxConcurrentAnalyses);
    private int _running;
    private int _peak;

    /// <summary>Analyses running now.</summary>
    public int Running => Volatile.Read(ref _running);

    /// <summary>Most analyses that ever ran at once (for tests and diagnostics).</summary>
    public int Peak => Volatile.Read(ref _peak);

    /// <summary>Runs CPU work on a pool thread once a slot is free.</summary>
    public Task<T> RunAsync<T>(Func<CancellationToken, T> work, CancellationToken ct) => RunAsync(token => Task.FromResult(work(token)), ct);

    /// <summary>Runs work that starts with CPU work and may then await (an upload's analysis, then the cluster's answer) once a slot is free.</summary>
    public async Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> work, CancellationToken ct)
    {
        if (!await _slots.WaitAsync(options.AnalysisQueueTimeout, ct))
        {
            throw new AnalysisQueueFullException("The server is busy analysing other uploads; try again in a minute.");
        }

        try
        {
            var now = Interlocked.Increment(ref _running);
            int peak;
            while (now > (peak = Volatile.Read(ref _peak)) && Interlocked.CompareExchange(ref _peak, now, peak) != peak)
            {
            }

            return await Task.Run(() => work(ct), ct);
        }
        finally
        {
            Interlocked.Decrement(ref _running);
            _slots.Release();
        }
    }

    public void Dispose() => _slots.Dispose();
}
