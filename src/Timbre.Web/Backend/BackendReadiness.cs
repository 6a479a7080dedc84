namespace Timbre.Web.Backend;

/// <summary>What <c>/readyz</c> reports: whether this server can answer requests that need the catalog and the snapshot.</summary>
/// <param name="CatalogReachable">A catalog read just succeeded.</param>
/// <param name="SnapshotLoaded">The recommendation snapshot has been loaded (always true on a server without a model, which has none).</param>
public sealed record BackendReadiness(bool CatalogReachable, bool SnapshotLoaded)
{
    /// <summary>Both: the server may take traffic.</summary>
    public bool Ready => CatalogReachable && SnapshotLoaded;
}
