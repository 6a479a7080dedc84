namespace Timbre.Core.Catalog;

/// <summary>Reading every track of a catalog through <see cref="ITrackRepository.ListTracks"/>'s pages.</summary>
public static class TrackPaging
{
    /// <summary>
    /// Every track <see cref="ITrackRepository.ListTracks"/> lists with the default filters, by id, read in keyset pages of
    /// <see cref="TrackQuery.MaxLimit"/> in the order added.
    /// </summary>
    public static Dictionary<long, TrackRecord> TracksById(this ITrackRepository tracks)
    {
        ArgumentNullException.ThrowIfNull(tracks);
        var result = new Dictionary<long, TrackRecord>();
        TrackCursor? after = null;
        do
        {
            var page = tracks.ListTracks(new TrackQuery { After = after, Limit = TrackQuery.MaxLimit, Sort = TrackSort.Added });
            foreach (var t in page.Items)
            {
                result[t.Id] = t;
            }

            after = page.Next;
        }
        while (after is not null);

        return result;
    }
}
