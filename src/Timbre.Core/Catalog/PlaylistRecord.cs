namespace Timbre.Core.Catalog;

/// <summary>A user's saved playlist: an ordered list of catalog tracks (a track may appear more than once).</summary>
/// <param name="Id">Catalog id.</param>
/// <param name="UserId">The owner.</param>
/// <param name="Name">Display name.</param>
/// <param name="Comment">Free text, or null.</param>
/// <param name="CreatedAt">When it was created (UTC).</param>
/// <param name="ChangedAt">When it was last changed (UTC).</param>
/// <param name="TrackIds">The tracks in playlist order (tracks deleted from the catalog drop out).</param>
public sealed record PlaylistRecord(
    long Id, long UserId, string Name, string? Comment, DateTimeOffset CreatedAt, DateTimeOffset ChangedAt, IReadOnlyList<long> TrackIds);
