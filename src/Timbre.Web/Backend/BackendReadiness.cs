namespace Timbre.Web.Backend;

/// <summary>What <c>/readyz</c> reports: whether this server can answer requests that need the catalog and the snapshot.</summary>
/// <param name="CatalogReachable">A catalog read just succeeded.</param>
/// <param name="SnapshotLoaded">The recommendation snapshot has been loaded (always true on a server without a model,
/// which has none, and on a server whose similar-song search is the cluster's, which loads it only when needed).</param>
/// <param name="IndexReachable">Whether the shared index (the cluster, <c>timbre serve --cluster</c>) answered; null without one.</param>
public sealed record BackendReadiness(bool CatalogReachable, bool SnapshotLoaded, bool? IndexReachable = null)
{
    /// <summary>All that apply: the server may take traffic.</summary>
    public bool Ready => CatalogReachable && SnapshotLoaded && IndexReachable != false;
}
