namespace Timbre.Core.Catalog;

/// <summary>
/// The catalog's tracks: one row per file path, with tags, status (present or missing) and the uploading user.
/// Errors are <see cref="CatalogException"/>.
/// </summary>
public interface ITrackRepository
{
    /// <summary>
    /// Inserts the track or updates the row with the same path; it becomes present and seen by scan
    /// <paramref name="scanId"/> (a scan's writer passes its own id; without one, the latest scan). Returns it with its id.
    /// </summary>
    TrackRecord UpsertTrack(TrackRecord track, long? scanId = null);

    /// <summary>The track with this path, or null.</summary>
    TrackRecord? FindTrackByPath(string path);

    /// <summary>The track with this id, or null.</summary>
    TrackRecord? FindTrack(long id);

    /// <summary>One page of tracks matching the query's filters, and the total count.</summary>
    TrackPage ListTracks(TrackQuery query);

    /// <summary>Deletes the track with its analyses and interactions, in one transaction. False when the id is unknown.</summary>
    bool DeleteTrack(long id);

    /// <summary>How many tracks <paramref name="userId"/> owns (uploaded into the library) and their total size.</summary>
    OwnedTracksUsage GetOwnedTracksUsage(long userId);
}
