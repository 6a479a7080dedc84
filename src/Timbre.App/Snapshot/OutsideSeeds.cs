using Timbre.App.Analysis;
using Timbre.Core.Analysis;
using Timbre.Core.Audio;
using Timbre.Recommendation.Catalog;
using Timbre.Recommendation.Domain;

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
        var track = analysed.Track;
        var seed = snapshot.FromOutsideAnalyses(analysed.Analyses, path, track.Title, track.Artist, track.GenreTag);
        return seed with { DurationSeconds = analysed.DurationSeconds };
    }
}
