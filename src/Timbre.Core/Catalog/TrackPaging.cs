namespace Timbre.Core.Catalog;

/// <summary>Reading every track of a catalog through <see cref="ITrackRepository.ListTracks"/>'s pages.</summary>
public static class TrackPaging
{
    /// <summary>
    /// Every track <see cref="ITrackRepository.ListTracks"/> lists with the default filters, by id, read in pages of
    /// <see cref="TrackQuery.MaxLimit"/> in the order added.
    /// </summary>
    public static Dictionary<long, TrackRecord> TracksById(this ITrackRepository tracks)
    {
        ArgumentNullException.ThrowIfNull(tracks);
        var result = new Dictionary<long, TrackRecord>();
        for (var offset = 0; ; offset += TrackQuery.MaxLimit)
        {
            var page = tracks.ListTracks(new TrackQuery { Offset = offset, Limit = TrackQuery.MaxLimit, Sort = TrackSort.Added });
            foreach (var t in page.Items)
            {
                result[t.Id] = t;
            }

            if (page.Items.Count < TrackQuery.MaxLimit)
            {
                return result;
            }
        }
    }
}
