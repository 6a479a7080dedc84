namespace Timbre.App.Map;

/// <summary>One track on the map: its catalog id and position, both coordinates in [0, 1] (aspect ratio kept).</summary>
public sealed record MapPoint(long Id, float X, float Y);

/// <summary>
/// The 2-D map of a library: one point per track of a snapshot. <see cref="Key"/> names what it was computed from
/// (the analysis set or space version, and a hash of the track ids and vectors), so a cached map is used only for
/// the same vectors.
/// </summary>
public sealed record LibraryMap(string Key, IReadOnlyList<MapPoint> Points);

/// <summary>
/// What the map of the current snapshot looks like right now: <see cref="Map"/> is the latest finished map (null
/// before the first one; it may be of an older snapshot while <see cref="Computing"/>), <see cref="Progress"/> the
/// fraction done (0–1) of the computation under way, <see cref="Error"/> why the last computation failed.
/// </summary>
public sealed record MapStatus(LibraryMap? Map, bool Computing, double Progress, string? Error);
