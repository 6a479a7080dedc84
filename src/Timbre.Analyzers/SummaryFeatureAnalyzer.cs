using Timbre.Core.Analysis;
using Timbre.Core.Audio;
using Timbre.Dsp;
using Timbre.Dsp.Summary;

namespace Timbre.Analyzers;

/// <summary>
/// An analyzer without a neural model (in the spirit of bliss-rs): the embedding is the Dsp per-track summary vector
/// (<see cref="TrackSummary"/>, 357 statistics of MFCC, chroma, spectral contrast, tonnetz, centroid, bandwidth,
/// roll-off, flatness, zero-crossing rate and RMS) standardised by <see cref="SummaryScales"/>; the raw summary vector
/// is kept as the summary features; there is no classifier, so genre probabilities are empty.
/// Version 2 (<see cref="FeaturesVersion.V2"/>, 418 values) appends MFCC deltas, spectral flux, onset strength and rate,
/// tempo and beat strength, key and EBU R128 loudness/dynamics. Both versions share the model id <see cref="Id"/>;
/// catalogs keep them apart as analysis sets (model id, feature version). Input 22050 Hz mono.
/// Thread-safe: <see cref="TrackSummary"/> is, and this class holds no other state.
/// </summary>
public sealed class SummaryFeatureAnalyzer : ITrackAnalyzer
{
    /// <summary>The model id of this analyzer ("summary"); names the scaling too.</summary>
    public const string Id = "summary";

    /// <summary>Shortest audio analysed, in seconds (shorter tracks are an <see cref="AnalysisException"/>).</summary>
    public const double MinDurationSeconds = 0.25;

    /// <summary>
    /// The feature settings: librosa's defaults, frames transformed in float (<see cref="StftOptions.SinglePrecisionFft"/>,
    /// the scan's largest per-frame cost, several times cheaper than double; on recorded music the summary moves by about
    /// 1e-4 relative, see the Dsp tests).
    /// </summary>
    public static TrackSummaryOptions SummaryOptions { get; } = new() { Stft = new StftOptions { SinglePrecisionFft = true } };

    private readonly TrackSummary _summary = new(SummaryOptions);

    /// <summary>Creates the analyzer for a features version (1 or 2; default <see cref="FeaturesVersion.Current"/>).</summary>
    public SummaryFeatureAnalyzer(int featureVersion = FeaturesVersion.Current)
    {
        FeatureVersion = FeaturesVersion.Validate(featureVersion);
    }

    /// <inheritdoc />
    public string ModelId => Id;

    /// <inheritdoc />
    public int FeatureVersion { get; }

    /// <inheritdoc />
    public int SampleRate => _summary.Options.SampleRate;

    /// <inheritdoc />
    public IReadOnlyList<string> GenreLabels { get; } = [];

    /// <inheritdoc />
    public TrackAnalysis Analyze(AudioBuffer audio, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(audio);
        if (audio.SampleRate != SampleRate)
        {
            throw new AnalysisException($"audio is at {audio.SampleRate} Hz, the summary analyzer needs {SampleRate} Hz");
        }

        if (audio.DurationSeconds < MinDurationSeconds)
        {
            throw new AnalysisException($"too short to analyse ({audio.DurationSeconds:0.###} s < {MinDurationSeconds} s)");
        }

        cancellationToken.ThrowIfCancellationRequested();
        var summary = _summary.Compute(audio.Samples, FeatureVersion);
        return new TrackAnalysis(SummaryScales.Standardise(summary), [], summary);
    }
}
