using Timbre.Analyzers;
using Timbre.App.Analysis;
using Timbre.Core.Analysis;
using Timbre.Core.Audio;
using Timbre.Core.Catalog;
using Timbre.Recommendation.Catalog;
using Timbre.Recommendation.Domain;
using Timbre.Scanning;

namespace Timbre.App.Snapshot;

/// <summary>Seeds from audio files outside the catalog (<c>recommend --like FILE</c>), placed where the same file in the catalog would be.</summary>
public static class OutsideSeeds
{
    /// <summary>
    /// Analyses <paramref name="path"/> with one analyzer per set the snapshot needs
    /// (<see cref="CatalogSnapshot.RequiredSets"/>: its set, or every set of its embedding space) through
    /// <see cref="FileAnalyzer"/> (one probe, one decode per sample rate, tags by the scan's parser) and turns the
    /// analyses into seed features (negative id) for <see cref="RecommendationRequest.SeedTracks"/>, transformed by
    /// the snapshot's stored space when it has one. The duration is the claimed one, or the decoded seconds when
    /// those are more or the claim is missing.
    /// </summary>
    /// <exception cref="FeatureVersionMismatchException">No analyzer in <paramref name="analyzers"/> makes one of the required sets.</exception>
    /// <exception cref="Timbre.Core.Errors.AudioDecodingException">The file is missing, unreadable or not audio.</exception>
    public static TrackFeatures ForFile(CatalogSnapshot snapshot, string path, IReadOnlyList<ITrackAnalyzer> analyzers, IAudioDecoder decoder, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(analyzers);
        ArgumentNullException.ThrowIfNull(decoder);
        var given = string.Join("+", analyzers.Select(a => CatalogContextLoader.VersionKey(a.ModelId, a.FeatureVersion)));
        var needed = snapshot.RequiredSets
            .Select(s => analyzers.FirstOrDefault(a => a.ModelId == s.ModelId && a.FeatureVersion == s.FeatureVersion)
                ?? throw new FeatureVersionMismatchException(
                    snapshot.Context.FeatureVersion,
                    given,
                    $"Analyzer for '{path}' (needs {CatalogContextLoader.VersionKey(s.ModelId, s.FeatureVersion)})"))
            .ToList();

        var analysed = new FileAnalyzer(decoder).Analyze(path, needed, AnalysisWindowOptions.Default, cancellationToken).ThrowIfAnyFailed();
        return FromAnalysed(snapshot, analysed, path);
    }

    /// <summary>
    /// The analyzers an outside file needs for <paramref name="snapshot"/>: <paramref name="primary"/> first (its genre
    /// probabilities are the ones shown), then one per other set of <see cref="CatalogSnapshot.RequiredSets"/> (a fused
    /// space): from <paramref name="others"/>, or the built-in summary analyzer of that version.
    /// </summary>
    /// <exception cref="FeatureVersionMismatchException">A required set is neither summary nor made by a given analyzer.</exception>
    public static IReadOnlyList<ITrackAnalyzer> AnalyzersFor(CatalogSnapshot snapshot, ITrackAnalyzer primary, IReadOnlyList<ITrackAnalyzer>? others = null)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        return AnalyzersFor(snapshot.RequiredSets, snapshot.Context.FeatureVersion, primary, others);
    }

    /// <summary>
    /// As <see cref="AnalyzersFor(CatalogSnapshot, ITrackAnalyzer, IReadOnlyList{ITrackAnalyzer}?)"/> for the sets
    /// <paramref name="required"/> of an index named <paramref name="indexKey"/> that is not loaded here (the
    /// cluster's shards).
    /// </summary>
    public static IReadOnlyList<ITrackAnalyzer> AnalyzersFor(IReadOnlyList<SpaceSetRecord> required, string indexKey, ITrackAnalyzer primary, IReadOnlyList<ITrackAnalyzer>? others = null)
    {
        ArgumentNullException.ThrowIfNull(required);
        ArgumentNullException.ThrowIfNull(primary);
        var result = new List<ITrackAnalyzer> { primary };
        foreach (var set in required)
        {
            if (result.Any(a => a.ModelId == set.ModelId && a.FeatureVersion == set.FeatureVersion))
            {
                continue;
            }

            result.Add(others?.FirstOrDefault(a => a.ModelId == set.ModelId && a.FeatureVersion == set.FeatureVersion)
                ?? (set.ModelId == SummaryFeatureAnalyzer.Id
                    ? new SummaryFeatureAnalyzer(set.FeatureVersion)
                    : throw new FeatureVersionMismatchException(
                        indexKey,
                        CatalogContextLoader.VersionKey(primary.ModelId, primary.FeatureVersion),
                        $"An outside file (the catalog's space also needs {CatalogContextLoader.VersionKey(set.ModelId, set.FeatureVersion)}; serve with that model)")));
        }

        return result;
    }

    /// <summary>
    /// The seed of a file already analysed with (at least) every set <paramref name="snapshot"/> needs: title, artist
    /// and genre tag from its tags (or <paramref name="title"/>), duration as decoded.
    /// </summary>
    public static TrackFeatures FromAnalysed(CatalogSnapshot snapshot, AnalysedFile analysed, string path, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(analysed);
        var track = analysed.Track;
        var seed = snapshot.FromOutsideAnalyses(analysed.Analyses, path, title ?? track.Title, track.Artist, track.GenreTag);
        return seed with { DurationSeconds = analysed.DurationSeconds };
    }
}
