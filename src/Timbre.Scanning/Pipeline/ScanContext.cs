using Timbre.Core.Analysis;
using Timbre.Core.Catalog;

namespace Timbre.Scanning.Pipeline;

/// <summary>What the stages of one scan share: the store behind its lock, the analyzers, options and file count.</summary>
internal sealed class ScanContext(
    ICatalogStore store, IFileAnalyzer files, IReadOnlyList<ITrackAnalyzer> analyzers, Func<string, string>? contentHasher, ScanOptions options, string root)
{
    private readonly Lock _storeLock = new();
    private long _found;
    private int _enumerationDone;

    public IFileAnalyzer Files { get; } = files;

    public IReadOnlyList<ITrackAnalyzer> Analyzers { get; } = analyzers;

    public Func<string, string>? ContentHasher { get; } = contentHasher;

    public ScanOptions Options { get; } = options;

    /// <summary>The library folder, full path without a trailing separator.</summary>
    public string Root { get; } = root;

    /// <summary>Files the walker found so far.</summary>
    public long Found => Interlocked.Read(ref _found);

    public bool EnumerationDone => Volatile.Read(ref _enumerationDone) == 1;

    public void CountFound() => Interlocked.Increment(ref _found);

    public void MarkEnumerationDone() => Volatile.Write(ref _enumerationDone, 1);

    /// <summary>Runs one store call under the lock that serialises them (one store instance, one connection).</summary>
    public T Store<T>(Func<ICatalogStore, T> call)
    {
        lock (_storeLock)
        {
            return call(store);
        }
    }

    /// <summary>As <see cref="Store{T}"/>, without a result.</summary>
    public void Store(Action<ICatalogStore> call)
    {
        lock (_storeLock)
        {
            call(store);
        }
    }
}
