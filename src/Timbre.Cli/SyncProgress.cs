namespace Timbre.Cli;

/// <summary>
/// An <see cref="IProgress{T}"/> that runs the handler on the reporting thread, one report at a time — unlike
/// <see cref="Progress{T}"/>, which posts to the thread pool and can reorder or outlive the work it reports on.
/// </summary>
internal sealed class SyncProgress<T>(Action<T> handler) : IProgress<T>
{
    private readonly Lock _gate = new();

    /// <inheritdoc/>
    public void Report(T value)
    {
        lock (_gate)
        {
            handler(value);
        }
    }
}
