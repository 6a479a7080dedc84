namespace Timbre.Data.Features;

/// <summary>One track stored in a feature cache.</summary>
/// <param name="Path">Audio file the features came from.</param>
/// <param name="TrackId">Track identity (from the corpus item).</param>
/// <param name="LabelIndex">Index into the cache's labels.</param>
/// <param name="FirstClip">Index of the track's first clip.</param>
/// <param name="ClipCount">How many consecutive clips belong to it.</param>
public sealed record CachedTrack(string Path, string TrackId, int LabelIndex, long FirstClip, int ClipCount);

/// <summary>Where one cached clip comes from.</summary>
/// <param name="TrackIndex">Index into the cache's tracks.</param>
/// <param name="ClipIndex">Clip number within its track (0-based; clip k starts at k × clip hop).</param>
/// <param name="LabelIndex">Index into the cache's labels.</param>
public readonly record struct CachedClip(int TrackIndex, int ClipIndex, int LabelIndex);

/// <summary>Progress of a cache build.</summary>
/// <param name="TracksDone">Tracks processed (including skipped ones).</param>
/// <param name="TrackCount">Tracks in total.</param>
/// <param name="Clips">Clips computed so far.</param>
/// <param name="LastPath">The last track finished.</param>
public readonly record struct FeatureCacheProgress(int TracksDone, int TrackCount, long Clips, string LastPath);

/// <summary>What <see cref="FeatureCache.GetOrBuild"/> did.</summary>
/// <param name="Cache">The open cache (caller disposes).</param>
/// <param name="Built">True when the file was (re)built in this call.</param>
/// <param name="Reason">Why it was built: "no cache", or why the existing file could not be used; null when reused.</param>
/// <param name="Elapsed">Time spent building (zero when reused).</param>
public sealed record FeatureCacheResult(FeatureCache Cache, bool Built, string? Reason, TimeSpan Elapsed);
