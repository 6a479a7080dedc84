using Timbre.Core.Audio;
using Timbre.Core.Catalog;

namespace Timbre.Core.Analysis;

/// <summary>One file probed, decoded at the analyzer's rate and analysed, with the catalog record it makes.</summary>
/// <param name="Info">What the file says about itself (tags, duration).</param>
/// <param name="Audio">The decoded mono samples.</param>
/// <param name="Result">The analyzer's output.</param>
/// <param name="Record">The analysis as the catalog stores it (track id not yet set).</param>
public sealed record FileAnalysis(AudioInfo Info, AudioBuffer Audio, TrackAnalysis Result, AnalysisRecord Record)
{
    /// <summary>Probes, decodes and analyses <paramref name="path"/>: the one sequence scan, web uploads and outside seeds share.</summary>
    /// <exception cref="Timbre.Core.Errors.AudioDecodingException">The file is missing, unreadable or not audio.</exception>
    public static FileAnalysis Of(string path, IAudioDecoder decoder, ITrackAnalyzer analyzer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(decoder);
        ArgumentNullException.ThrowIfNull(analyzer);
        var info = decoder.Probe(path, cancellationToken);
        var audio = decoder.Decode(path, analyzer.SampleRate, cancellationToken);
        var result = analyzer.Analyze(audio, cancellationToken);
        return new FileAnalysis(info, audio, result, RecordOf(analyzer, result));
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
