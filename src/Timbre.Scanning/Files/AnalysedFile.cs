using System.Runtime.ExceptionServices;
using Timbre.Core.Analysis;
using Timbre.Core.Audio;
using Timbre.Core.Catalog;

namespace Timbre.Scanning;

/// <summary>One file analysed by <see cref="IFileAnalyzer"/>: its track row, its analyses and the analyzers that failed.</summary>
/// <param name="Info">What the file says about itself (tags, claimed duration).</param>
/// <param name="Track">The catalog row: path, size, mtime, hash, tags (<see cref="TrackTags"/>) and duration.</param>
/// <param name="Results">Per analyzer that succeeded: the analyzer and its output, in analyzer order.</param>
/// <param name="Failures">Per analyzer that threw or returned a bad result: the analyzer and the error, in analyzer order.</param>
/// <param name="AnalysedSeconds">Seconds of audio decoded (the longest of the decodes, at most the window).</param>
public sealed record AnalysedFile(
    AudioInfo Info,
    TrackRecord Track,
    IReadOnlyList<(ITrackAnalyzer Analyzer, TrackAnalysis Result)> Results,
    IReadOnlyList<(ITrackAnalyzer Analyzer, Exception Error)> Failures,
    double AnalysedSeconds)
{
    /// <summary>The analyses as the catalog stores them (track id not yet set), in analyzer order.</summary>
    public IReadOnlyList<AnalysisRecord> Analyses { get; } = [.. Results.Select(r => AnalysisRecord.Of(r.Analyzer, r.Result))];

    /// <summary>The track's duration: the claimed one, or the decoded seconds when more or the claim is missing.</summary>
    public double DurationSeconds => Track.DurationSeconds;

    /// <summary>Rethrows the first analyzer failure, if any: for callers that need every analysis or none.</summary>
    public AnalysedFile ThrowIfAnyFailed()
    {
        if (Failures.Count > 0)
        {
            ExceptionDispatchInfo.Throw(Failures[0].Error);
        }

        return this;
    }
}
