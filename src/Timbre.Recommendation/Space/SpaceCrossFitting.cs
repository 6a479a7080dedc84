using Timbre.Evaluation.Retrieval;
using Timbre.Recommendation.Hubness;
using Timbre.Recommendation.Recommenders;

namespace Timbre.Recommendation.Space;

/// <summary>One fold of <see cref="SpaceCrossFitting"/>: the library in a space fitted without the held-out albums' labels.</summary>
/// <param name="Test">Rows whose album was held out (score only these as queries).</param>
/// <param name="Vectors">Every row in the fold's space.</param>
/// <param name="WhitenedAlbums">Albums the fold's within-album whitening learned from (0 = too few, skipped).</param>
public sealed record SpaceFold(IReadOnlyList<int> Test, IReadOnlyList<float[]> Vectors, int WhitenedAlbums);

/// <summary>
/// Scores a space that learns from albums (<see cref="EmbeddingSpaceOptions.AlbumWhitening"/>) honestly: albums are
/// dealt whole to folds (<see cref="GroupFolds"/>); for each fold the space is refitted with the other folds' album
/// labels only (the held-out tracks still count in the label-free statistics, as every library track does when the
/// space is stored) and only the held-out tracks are queries. So no query is scored in a space that saw its album.
/// </summary>
public static class SpaceCrossFitting
{
    /// <summary>Folds × repeats spaces (repeat r deals albums with seed r).</summary>
    /// <exception cref="ArgumentException">Fewer albums than folds, or lengths differ.</exception>
    public static IReadOnlyList<SpaceFold> Run(
        IReadOnlyList<SpaceInput> sets, IReadOnlyList<string> albums, EmbeddingSpaceOptions options, int folds = 3, int repeats = 5)
    {
        ArgumentNullException.ThrowIfNull(sets);
        ArgumentNullException.ThrowIfNull(albums);
        ArgumentOutOfRangeException.ThrowIfLessThan(repeats, 1);
        var result = new List<SpaceFold>(folds * repeats);
        for (var r = 0; r < repeats; r++)
        {
            var fold = GroupFolds.Assign(albums, folds, r);
            for (var f = 0; f < folds; f++)
            {
                var train = albums.Select((a, i) => fold[i] == f ? null : a).ToArray();
                var record = EmbeddingSpaceFitter.Fit(sets, options, DateTimeOffset.UnixEpoch, train);
                var space = new EmbeddingSpace(record);
                var vectors = Enumerable.Range(0, albums.Count).Select(i => space.Transform([.. sets.Select(s => s.Vectors[i])])).ToArray();
                result.Add(new SpaceFold([.. Enumerable.Range(0, albums.Count).Where(i => fold[i] == f)], vectors, record.WhitenedAlbums));
            }
        }

        return result;
    }

    /// <summary>
    /// Leave-one-out retrieval over the folds: each query ranked in every fold space where it was held out, against the
    /// whole library; its scores averaged over those folds. Ranked by the product's similar-songs scoring
    /// (<see cref="SimilarSongsRetrieval"/>): cosine, or re-ranked by mutual proximity with <paramref name="proximity"/>.
    /// </summary>
    public static RetrievalResult Evaluate(
        IReadOnlyList<SpaceFold> folds, IReadOnlyList<string> groups, int k, IReadOnlyList<string>? exclude = null, MutualProximityOptions? proximity = null)
    {
        ArgumentNullException.ThrowIfNull(folds);
        return SimilarSongsRetrieval.EvaluateHeldOut([.. folds.Select(f => (f.Vectors, f.Test))], groups, k, exclude, proximity);
    }
}
