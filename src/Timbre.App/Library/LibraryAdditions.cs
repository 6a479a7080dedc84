using Timbre.Core.Catalog;
using Timbre.Scanning;
using Timbre.Storage.Hashing;

namespace Timbre.App.Library;

/// <summary>Adding an analysed upload to the library: the one method the web's upload path calls.</summary>
public static class LibraryAdditions
{
    /// <summary>
    /// Stores <paramref name="analysed"/> as a track owned by <paramref name="addition"/>'s user:
    /// <see cref="Prepare"/> then <see cref="Save"/>. Callers that serialise writes should hash outside their lock, i.e.
    /// call the two apart.
    /// </summary>
    /// <exception cref="UploadQuotaExceededException">The file would pass the owner's quota; nothing is saved.</exception>
    public static TrackRecord Add(ICatalogStore store, AnalysedFile analysed, LibraryAddition addition) =>
        Save(store, Prepare(analysed, addition), addition);

    /// <summary>
    /// The track an upload becomes: built from the file's tags (the same parser as a scan; <see cref="LibraryAddition.Title"/>
    /// when untitled), its content hash (reads the whole file, so do it outside any store lock) and its owner, with
    /// every analysis. Touches no store.
    /// </summary>
    public static PreparedAddition Prepare(AnalysedFile analysed, LibraryAddition addition)
    {
        ArgumentNullException.ThrowIfNull(analysed);
        ArgumentNullException.ThrowIfNull(addition);
        if (analysed.Analyses.Count == 0)
        {
            throw new ArgumentException("An upload is added with at least one analysis.", nameof(analysed));
        }

        var stamp = analysed.Track;
        var file = new FoundFile(stamp.Path, stamp.SizeBytes, stamp.ModifiedUtc);
        var tagged = TrackTags.ToTrack(file, analysed.Info, analysed.DurationSeconds, ContentHasher.Compute(stamp.Path), addition.Title);
        return new PreparedAddition(tagged with { OwnerUserId = addition.OwnerUserId }, analysed.Analyses);
    }

    /// <summary>
    /// Checks the owner's quota and saves the prepared track with every analysis in ONE transaction. The caller
    /// serialises writes to <paramref name="store"/>, so two uploads at once cannot both squeeze under the quota.
    /// </summary>
    /// <exception cref="UploadQuotaExceededException">The file would pass the owner's quota; nothing is saved.</exception>
    public static TrackRecord Save(ICatalogStore store, PreparedAddition prepared, LibraryAddition addition)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(prepared);
        ArgumentNullException.ThrowIfNull(addition);
        addition.Check(store.GetOwnedTracksUsage(addition.OwnerUserId), prepared.Track.SizeBytes);
        return store.SaveAnalysesBatch([.. prepared.Analyses.Select(a => (prepared.Track, a))])[0];
    }
}

/// <summary>An upload ready to be saved: its track (tags, hash, owner) and its analyses.</summary>
/// <param name="Track">The track row to upsert.</param>
/// <param name="Analyses">One analysis per analyzer.</param>
public sealed record PreparedAddition(TrackRecord Track, IReadOnlyList<AnalysisRecord> Analyses);
