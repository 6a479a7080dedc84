using System.Runtime.CompilerServices;
using Timbre.Recommendation.Catalog;

namespace Timbre.Web.Catalog;

/// <summary>
/// Tracks per predicted genre of a snapshot (what <see cref="CatalogSnapshot.PredictedGenre"/> gives, labels compared
/// case-insensitively), counted once per snapshot instance: a genre page's total without reading the catalog.
/// </summary>
internal static class GenreCounts
{
    private static readonly ConditionalWeakTable<CatalogSnapshot, Dictionary<string, long>> Cache = [];

    public static Dictionary<string, long> Of(CatalogSnapshot snapshot) => Cache.GetValue(snapshot, Count);

    private static Dictionary<string, long> Count(CatalogSnapshot snapshot)
    {
        var counts = new Dictionary<string, long>(StringComparer.OrdinalIgnoreCase);
        foreach (var track in snapshot.Context.Tracks)
        {
            if (snapshot.PredictedGenre(track.Id) is { } genre)
            {
                counts[genre] = counts.GetValueOrDefault(genre) + 1;
            }
        }

        return counts;
    }
}
