namespace Timbre.Core.Catalog;

/// <summary>What one user's uploads occupy in the library (for the per-user upload quota).</summary>
/// <param name="Tracks">Tracks the user owns.</param>
/// <param name="Bytes">Their total file size in bytes.</param>
public sealed record OwnedTracksUsage(long Tracks, long Bytes);
