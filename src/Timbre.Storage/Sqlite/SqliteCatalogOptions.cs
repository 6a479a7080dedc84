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

    /// <summary>
    /// A search text found in more tracks' tags than this (by the trigram index) is common: its library page walks the
    /// sorted list and keeps the rows holding it (a few pages' worth of rows, since they are frequent) instead of
    /// reading and sorting all its matches, and its total is counted only up to this number (a lower bound, shown as
    /// "N+"). Rarer texts are read through the index and counted exactly. 1–1000000; default 1000.
    /// </summary>
    public int CommonSearchMatches { get; init; } = 1000;

    /// <summary>Throws <see cref="CatalogException"/> when a value is out of range.</summary>
    public void Validate()
    {
        if (BusyTimeoutMilliseconds < 0 || BusyTimeoutMilliseconds > 600_000)
        {
            throw new CatalogException($"Busy timeout must be 0–600000 ms, got {BusyTimeoutMilliseconds}.");
        }

        if (CommonSearchMatches is < 1 or > 1_000_000)
        {
            throw new CatalogException($"Common search matches must be 1–1000000, got {CommonSearchMatches}.");
        }

        if (Synchronous is not ("NORMAL" or "FULL"))
        {
            throw new CatalogException($"Synchronous must be NORMAL or FULL, got '{Synchronous}'.");
        }
    }
}
