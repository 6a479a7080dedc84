using System.Globalization;
using Timbre.Core.Catalog;

namespace Timbre.App.Library;

/// <summary>How an upload is added to the library: its title, its owner and the owner's quota.</summary>
/// <param name="Title">Title to use unless the file's tags carry one.</param>
/// <param name="OwnerUserId">The signed-in user adding it; recorded as the track's owner.</param>
/// <param name="MaxTracks">Most library uploads one user may own.</param>
/// <param name="MaxBytes">Most bytes of library uploads one user may own.</param>
public sealed record LibraryAddition(string Title, long OwnerUserId, int MaxTracks, long MaxBytes)
{
    /// <summary>Throws <see cref="UploadQuotaExceededException"/> when one more file of <paramref name="newBytes"/> would exceed the quota.</summary>
    public void Check(OwnedTracksUsage usage, long newBytes)
    {
        ArgumentNullException.ThrowIfNull(usage);
        if (usage.Tracks + 1 > MaxTracks)
        {
            throw new UploadQuotaExceededException(
                $"You have already added {usage.Tracks} songs to the library, the most one account may add ({MaxTracks}); delete some of yours first.");
        }

        if (usage.Bytes + newBytes > MaxBytes)
        {
            throw new UploadQuotaExceededException(string.Create(
                CultureInfo.InvariantCulture,
                $"Your songs in the library use {usage.Bytes / 1048576.0:0.#} MB; this {newBytes / 1048576.0:0.#} MB file would pass the {MaxBytes / 1048576.0:0.#} MB one account may use. Delete some of yours first."));
        }
    }
}
