using Timbre.Core.Catalog;
using Timbre.Recommendation.Catalog;
using Timbre.Recommendation.Domain;
using Timbre.Recommendation.Projection;
using Timbre.Recommendation.Similarity;

namespace Timbre.App.Map;

/// <summary>
/// The library map computed once and stored with the catalog (<see cref="ILibraryMapRepository"/>), for front-ends
/// that do not hold the snapshot (<c>timbre serve --cluster</c>): the caller reads the index's rows (a silo streams
/// them as the shards do), this lays them out with <see cref="LibraryMaps.Layout"/> (the in-process code) and writes
/// the layout stamped with the content sequence read before the rows. When the stored layout's key already equals
/// the rows' (a rescan that changed no vector), only the stamp is renewed.
/// </summary>
public static class MapLayoutJob
{
    /// <summary>
    /// The index a map of <paramref name="options"/> is stored under, as every reader resolves it: the fitted space's
    /// key when it applies, else the chosen set's version key; null when the catalog has no analyses for it.
    /// </summary>
    public static string? IndexOf(ICatalogStore store, CatalogLoadOptions options)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(options);
        try
        {
            if ((options.UseEmbeddingSpace ? CatalogContextLoader.SpaceFor(store, options) : null) is { } space)
            {
                return space.Key;
            }

            var set = CatalogContextLoader.ChooseSet(store, options);
            return CatalogContextLoader.VersionKey(set.ModelId, set.FeatureVersion);
        }
        catch (RecommendationException)
        {
            return null;
        }
    }

    /// <summary>
    /// Lays out <paramref name="rows"/> (the index <paramref name="index"/>'s vectors, in row order) and stores it
    /// stamped with <paramref name="sequence"/>; <paramref name="genreOfRow"/> gives each row's predicted genre.
    /// Returns what was stored and whether t-SNE ran (false: only the stamp was renewed).
    /// </summary>
    public static (StoredLibraryMapInfo Stored, bool Computed) Run(
        ILibraryMapRepository store, string index, SimilarityIndex rows, Func<int, string?> genreOfRow, long sequence,
        TSneOptions options, Action<double>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(options);
        var key = LibraryMaps.KeyOf(index, options.Seed, rows);
        if (store.ReadLibraryMap(index) is { } stored && stored.Info.Key == key)
        {
            var restamped = stored with { Info = stored.Info with { ContentSequence = sequence } };
            store.WriteLibraryMap(restamped);
            return (restamped.Info, false);
        }

        var map = LibraryMaps.Layout(rows, key, options.Validate(), progress, cancellationToken);
        var made = StoredMaps.FromMap(map, index, sequence, genreOfRow);
        store.WriteLibraryMap(made);
        return (made.Info, true);
    }
}

/// <summary>Where the stored map's job stands, as a front-end shows it.</summary>
/// <param name="Running">Whether a layout is being computed.</param>
/// <param name="Progress">Fraction done (0–1) of the running computation.</param>
/// <param name="Error">Why the last computation failed, or null.</param>
public sealed record MapJobState(bool Running, double Progress, string? Error);

/// <summary>
/// Computes and stores the library map of a front-end's index somewhere else (the cluster: one job on one silo for
/// every front-end), so a front-end reads the layout from the catalog instead of computing it from its snapshot.
/// </summary>
public interface IMapLayoutJob
{
    /// <summary>
    /// Asks for the stored layout to be made current for the catalog at <paramref name="sequence"/> (started unless
    /// one is running or the stored one is current); returns at once with the job's state. Throws
    /// <see cref="SharedIndex.SharedIndexUnavailableException"/> when the job cannot be reached.
    /// </summary>
    MapJobState Request(long sequence);
}
