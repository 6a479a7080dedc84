using Timbre.Core.Catalog;
using Timbre.Storage;
using Timbre.Web.Backend;

namespace Timbre.Web.Catalog;

/// <summary>What several servers on one catalog need: the shared key ring, the change stamp, readiness, warm-up.</summary>
public sealed partial class CatalogBackend
{
    private readonly Lock _stampLock = new();
    private long _stamp;
    private long _nextStampCheck;

    /// <inheritdoc />
    /// <remarks>The PostgreSQL catalog's table; null on SQLite.</remarks>
    public ISharedKeyRing? SharedKeyRing => CatalogStores.SharedKeyRing(_store);

    /// <inheritdoc />
    /// <remarks>The store's <see cref="ICatalogHealth.ChangeVersion"/>, read at most once per <see cref="CatalogBackendOptions.ChangeCheckInterval"/>.</remarks>
    public long CatalogChangeStamp()
    {
        lock (_stampLock)
        {
            var now = Environment.TickCount64;
            if (now >= _nextStampCheck)
            {
                _nextStampCheck = now + (long)_options.ChangeCheckInterval.TotalMilliseconds;
                _stamp = Store(s => s.ChangeVersion());
            }

            return _stamp;
        }
    }

    /// <inheritdoc />
    public async Task<BackendReadiness> ReadinessAsync(CancellationToken cancellationToken = default)
    {
        bool reachable;
        try
        {
            // A primary-key lookup that finds nothing: one round trip, no table scan, whatever the catalog's size.
            await ReadAsync(s => s.FindTrack(0), cancellationToken).ConfigureAwait(false);
            reachable = true;
        }
        catch (Exception e) when (e is not (OutOfMemoryException or OperationCanceledException))
        {
            reachable = false;
        }

        var shared = _options.SharedIndex;
        var index = shared is null ? (bool?)null : await shared.IsReachableAsync(cancellationToken).ConfigureAwait(false);
        return new BackendReadiness(reachable, _live is null || shared is not null || _live.Loads > 0, index);
    }

    /// <summary>
    /// Loads the recommendation snapshot now (a server calls it once at start, so <c>/readyz</c> turns ready without
    /// waiting for a first request); not with a shared index, where it is loaded only when something needs it.
    /// </summary>
    public void WarmUp()
    {
        if (_analyzer is not null && _options.SharedIndex is null)
        {
            _ = Snapshot();
        }
    }
}
