using Timbre.Core.Audio;

namespace Timbre.Core.Analysis;

/// <summary>
/// Turns one track's decoded audio into the vectors the catalog stores: an embedding, genre probabilities and summary
/// features. One analyzer = one (<see cref="ModelId"/>, <see cref="FeatureVersion"/>) pair; vectors from different
/// pairs are never compared, and the scanner re-analyses a track whose stored analysis has another pair.
/// <para>
/// Thread-safety: <see cref="Analyze"/> is called concurrently from several scanner workers, so implementations must
/// be safe for concurrent calls (an implementation holding non-thread-safe state, such as a neural network, may
/// serialise calls internally with a lock). Properties must be immutable.
/// </para>
/// </summary>
public interface ITrackAnalyzer
{
    /// <summary>Id of the model package (stored with every analysis), e.g. "summary" or a package name plus hash.</summary>
    string ModelId { get; }

    /// <summary>
    /// Version of the feature pipeline feeding the model (the catalog's <c>feature_version</c>, an integer there too);
    /// bump it when the features change.
    /// </summary>
    int FeatureVersion { get; }

    /// <summary>Sample rate (Hz) the analyzer expects; the scanner decodes every file to mono at this rate.</summary>
    int SampleRate { get; }

    /// <summary>Genre labels in the order of <see cref="TrackAnalysis.GenreProbabilities"/>; empty without a classifier.</summary>
    IReadOnlyList<string> GenreLabels { get; }

    /// <summary>Analyses one track's audio (mono, at <see cref="SampleRate"/>).</summary>
    /// <exception cref="Timbre.Core.Errors.TimbreException">The audio cannot be analysed (e.g. too short).</exception>
    TrackAnalysis Analyze(AudioBuffer audio, CancellationToken cancellationToken = default);
}
