using Timbre.Core.Analysis;
using Timbre.Core.Audio;

namespace Timbre.Scanning;

/// <summary>
/// Turns one audio file into its catalog rows: probe once, decode the analysis window once per sample rate, run
/// each analyzer, read the tags with <see cref="TrackTags"/>. The scanner's workers call it for every changed file;
/// Timbre.App's <c>FileAnalyzer</c> is the implementation, shared with web uploads and <c>recommend --like FILE</c>.
/// Called from several workers at once.
/// </summary>
public interface IFileAnalyzer
{
    /// <summary>Analyses <paramref name="file"/> with each of <paramref name="analyzers"/>.</summary>
    /// <param name="file">The file with the size and mtime to store.</param>
    /// <param name="contentHash">Its content hash to store, or null.</param>
    /// <param name="analyzers">One or more analyzers; one that throws or returns a bad result fails the file for
    /// its model only (<see cref="AnalysedFile.Failures"/>).</param>
    /// <param name="window">How much of the file is decoded and analysed.</param>
    /// <param name="cancellationToken">Stops decoding and analysing.</param>
    /// <exception cref="Timbre.Core.Errors.AudioDecodingException">The file is missing, unreadable or not audio.</exception>
    AnalysedFile Analyze(FoundFile file, string? contentHash, IReadOnlyList<ITrackAnalyzer> analyzers, AnalysisWindowOptions window, CancellationToken cancellationToken);
}
