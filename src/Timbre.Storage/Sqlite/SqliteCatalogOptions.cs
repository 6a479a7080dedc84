using Timbre.Core.Catalog;

namespace Timbre.Storage.Sqlite;

/// <summary>Settings of <see cref="SqliteCatalogStore"/>.</summary>
public sealed record SqliteCatalogOptions
{
    /// <summary>How long a statement waits for another process's lock before failing, in milliseconds (0–600000). Default 10000.</summary>
    public int BusyTimeoutMilliseconds { get; init; } = 10_000;

    /// <summary>
    /// PRAGMA synchronous: "NORMAL" (default; with WAL a process crash or kill -9 loses no committed transaction, a
    /// power cut may lose the last few but never corrupts the file) or "FULL" (fsync on every commit).
    /// </summary>
    public string Synchronous { get; init; } = "NORMAL";

    /// <summary>Throws <see cref="CatalogException"/> when a value is out of range.</summary>
    public void Validate()
    {
        if (BusyTimeoutMilliseconds < 0 || BusyTimeoutMilliseconds > 600_000)
        {
            throw new CatalogException($"Busy timeout must be 0–600000 ms, got {BusyTimeoutMilliseconds}.");
        }

        if (Synchronous is not ("NORMAL" or "FULL"))
        {
            throw new CatalogException($"Synchronous must be NORMAL or FULL, got '{Synchronous}'.");
        }
    }
}
