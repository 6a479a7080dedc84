namespace Timbre.Cli.Training;

/// <summary>An <see cref="IProgress{T}"/> that runs the handler on the reporting thread, in order (unlike <see cref="Progress{T}"/>).</summary>
internal sealed class SyncProgress<T>(Action<T> handler) : IProgress<T>
{
    public void Report(T value) => handler(value);
}
