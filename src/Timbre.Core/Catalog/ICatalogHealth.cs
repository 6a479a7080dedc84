namespace Timbre.Core.Catalog;

/// <summary>Row counts, outside-change detection and the integrity check of one catalog.</summary>
public interface ICatalogHealth
{
    /// <summary>Row counts.</summary>
    CatalogStats GetStats();

    /// <summary>
    /// A number that changes whenever another connection or process (e.g. a running <c>timbre scan</c>) commits to
    /// the catalog; cheap (reads no table), for a long-lived reader to notice outside writes without polling rows.
    /// Writes made through this instance need not change it.
    /// </summary>
    long ChangeVersion();

    /// <summary>
    /// A persistent counter that every commit changing tracks, analyses or the embedding space moves (interactions,
    /// users and sessions do not): a saved snapshot stamped with it is current while it has not moved. Survives
    /// restarts, unlike <see cref="ChangeVersion"/>.
    /// </summary>
    long ContentSequence();

    /// <summary>Runs the database's integrity check; returns "ok" when the file is sound, else the problems found.</summary>
    string IntegrityCheck();
}
