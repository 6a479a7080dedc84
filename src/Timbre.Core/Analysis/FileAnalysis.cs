using Timbre.Core.Audio;
using Timbre.Core.Catalog;

namespace Timbre.Core.Analysis;

/// <summary>One file probed, decoded (its analysis window only) at the analyzer's rate and analysed, with the catalog
/// record it makes. The samples are not kept: callers queue these records, and a whole window per record would
/// multiply memory.</summary>
/// <param name="Info">What the file says about itself (tags, claimed duration).</param>
/// <param name="DurationSeconds">The track's duration: the claimed one, or the decoded seconds when those are more
/// (a file that understates its length) or the claim is missing.</param>
/// <param name="AnalysedSeconds">Seconds of audio the analyzer saw (at most the window).</param>
/// <param name="Result">The analyzer's output.</param>
/// <param name="Record">The analysis as the catalog stores it (track id not yet set).</param>
public sealed record FileAnalysis(AudioInfo Info, double DurationSeconds, double AnalysedSeconds, TrackAnalysis Result, AnalysisRecord Record)
{
    /// <summary>As <see cref="Of(string, IAudioDecoder, ITrackAnalyzer, AnalysisWindowOptions, CancellationToken)"/> with <see cref="AnalysisWindowOptions.Default"/>.</summary>
    /// <exception cref="Timbre.Core.Errors.AudioDecodingException">The file is missing, unreadable or not audio.</exception>
    public static FileAnalysis Of(string path, IAudioDecoder decoder, ITrackAnalyzer analyzer, CancellationToken cancellationToken = default) =>
        Of(path, decoder, analyzer, AnalysisWindowOptions.Default, cancellationToken);

    /// <summary>
    /// Probes <paramref name="path"/>, decodes only its analysis <paramref name="window"/> and analyses that: the one
    /// sequence scan, web uploads and outside seeds share, bounded in time and memory whatever the file claims.
    /// </summary>
    /// <exception cref="Timbre.Core.Errors.AudioDecodingException">The file is missing, unreadable or not audio.</exception>
    public static FileAnalysis Of(string path, IAudioDecoder decoder, ITrackAnalyzer analyzer, AnalysisWindowOptions window, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(decoder);
        ArgumentNullException.ThrowIfNull(analyzer);
        ArgumentNullException.ThrowIfNull(window);
        var info = decoder.Probe(path, cancellationToken);
        var audio = decoder.DecodeWindow(info, analyzer.SampleRate, window, cancellationToken);
        var result = analyzer.Analyze(audio, cancellationToken);
        var analysed = audio.DurationSeconds;
        return new FileAnalysis(info, Math.Max(info.DurationSeconds, analysed), analysed, result, RecordOf(analyzer, result));
    }

    /// <summary>
    /// Probes <paramref name="path"/> once and analyses it with every analyzer, decoding its window once per distinct
    /// sample rate (usually once): several analysis sets of one file in one pass. Results in analyzer order.
    /// </summary>
    /// <exception cref="Timbre.Core.Errors.AudioDecodingException">The file is missing, unreadable or not audio.</exception>
    public static IReadOnlyList<FileAnalysis> OfEach(string path, IAudioDecoder decoder, IReadOnlyList<ITrackAnalyzer> analyzers, AnalysisWindowOptions window, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(decoder);
        ArgumentNullException.ThrowIfNull(analyzers);
        ArgumentNullException.ThrowIfNull(window);
        if (analyzers.Count == 0)
        {
            throw new ArgumentException("At least one analyzer is needed.", nameof(analyzers));
        }

        var info = decoder.Probe(path, cancellationToken);
        var results = new FileAnalysis[analyzers.Count];
        foreach (var rate in analyzers.Select(a => a.SampleRate).Distinct())
        {
            var audio = decoder.DecodeWindow(info, rate, window, cancellationToken);
            var analysed = audio.DurationSeconds;
            for (var i = 0; i < analyzers.Count; i++)
            {
                if (analyzers[i].SampleRate == rate)
                {
                    var result = analyzers[i].Analyze(audio, cancellationToken);
                    results[i] = new FileAnalysis(info, Math.Max(info.DurationSeconds, analysed), analysed, result, RecordOf(analyzers[i], result));
                }
            }
        }

        return results;
    }

    /// <summary>The catalog record of <paramref name="result"/>, stamped with the analyzer's model id, version and labels and the time now.</summary>
    public static AnalysisRecord RecordOf(ITrackAnalyzer analyzer, TrackAnalysis result)
    {
        ArgumentNullException.ThrowIfNull(analyzer);
        ArgumentNullException.ThrowIfNull(result);
        return new AnalysisRecord
        {
            ModelId = analyzer.ModelId,
            FeatureVersion = analyzer.FeatureVersion,
            Embedding = result.Embedding,
            GenreLabels = analyzer.GenreLabels,
            GenreProbabilities = result.GenreProbabilities,
            SummaryFeatures = result.SummaryFeatures,
            AnalysedAt = DateTimeOffset.UtcNow,
        };
    }
}
