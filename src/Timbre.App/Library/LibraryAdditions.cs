using Timbre.Core.Catalog;
using Timbre.Scanning;
using Timbre.Storage.Hashing;

namespace Timbre.App.Library;

/// <summary>Adding an analysed upload to the library: the one method the web's upload path calls.</summary>
public static class LibraryAdditions
{
    /// <summary>
    /// Stores <paramref name="analysed"/> as a track owned by <paramref name="addition"/>'s user: checks the owner's
    /// quota, builds the track from the file's tags (the same parser as a scan; <see cref="LibraryAddition.Title"/>
    /// when untitled) with its content hash and owner, and saves it with every analysis in ONE transaction. The caller
    /// serialises writes to <paramref name="store"/>, so two uploads at once cannot both squeeze under the quota.
    /// </summary>
    /// <exception cref="UploadQuotaExceededException">The file would pass the owner's quota; nothing is saved.</exception>
    public static TrackRecord Add(ICatalogStore store, AnalysedFile analysed, LibraryAddition addition)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(analysed);
        ArgumentNullException.ThrowIfNull(addition);
        if (analysed.Analyses.Count == 0)
        {
            throw new ArgumentException("An upload is added with at least one analysis.", nameof(analysed));
        }

        var stamp = analysed.Track;
        var file = new FoundFile(stamp.Path, stamp.SizeBytes, stamp.ModifiedUtc);
        var tagged = TrackTags.ToTrack(file, analysed.Info, analysed.DurationSeconds, ContentHasher.Compute(stamp.Path), addition.Title);
        var track = tagged with { OwnerUserId = addition.OwnerUserId };
        addition.Check(store.GetOwnedTracksUsage(addition.OwnerUserId), track.SizeBytes);
        return store.SaveAnalysesBatch([.. analysed.Analyses.Select(a => (track, a))])[0];
    }
}
