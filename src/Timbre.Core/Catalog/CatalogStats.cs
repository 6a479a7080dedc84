namespace Timbre.Core.Catalog;

/// <summary>Row counts of a catalog.</summary>
/// <param name="PresentTracks">Tracks whose file was found by the latest scan.</param>
/// <param name="MissingTracks">Tracks marked missing and not yet pruned.</param>
/// <param name="Analyses">Analysis rows over all models and feature versions.</param>
/// <param name="Users">Users.</param>
/// <param name="Interactions">Interaction events.</param>
public sealed record CatalogStats(long PresentTracks, long MissingTracks, long Analyses, long Users, long Interactions);
