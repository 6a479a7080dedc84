using Timbre.Core.Catalog;
using Timbre.Web.Backend;

namespace Timbre.Web.Catalog;

/// <summary>Uploads owned by users: usage for the quota, deletion by the owner, start-up cleanup.</summary>
public sealed partial class CatalogBackend
{
    /// <inheritdoc />
    public UploadUsage GetUploadUsage(long userId) => Usage(Read(s => s.GetOwnedTracksUsage(userId)));

    /// <inheritdoc />
    public TrackDeletion DeleteTrack(long trackId, long userId)
    {
        var deletion = Store(s =>
        {
            var track = s.FindTrack(trackId);
            if (track is null)
            {
                return new TrackDeletion(DeleteOutcome.NotFound);
            }

            if (track.OwnerUserId != userId)
            {
                return new TrackDeletion(DeleteOutcome.NotOwner);
            }

            s.DeleteTrack(trackId);
            return new TrackDeletion(DeleteOutcome.Deleted, track.Path);
        });
        if (deletion.Outcome == DeleteOutcome.Deleted)
        {
            TracksChanged();
            lock (_snapshotLock)
            {
                if (_live?.ApplyTracks([], [trackId]) == false)
                {
                    _live.Invalidate();
                }
            }
        }

        return deletion;
    }

    /// <inheritdoc />
    public bool IsCatalogued(string path) => Read(s => s.FindTrackByPath(path)) is not null;

    private static UploadUsage Usage(OwnedTracksUsage usage) => new(usage.Tracks, usage.Bytes);
}
