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

    /// <summary>Runs the database's integrity check; returns "ok" when the file is sound, else the problems found.</summary>
    string IntegrityCheck();
}
