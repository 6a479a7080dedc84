using Timbre.Core.Analysis;
using Timbre.Core.Audio;
using Timbre.Core.Catalog;
using Timbre.Scanning;

namespace Timbre.App.Analysis;

/// <summary>
/// AnalyzeFile, written once: probe the file and decode its analysis window at the first sample rate in one call
/// (<see cref="IAudioDecoder.ProbeAndDecodeWindow"/>), decode it once more per other distinct sample rate, run
/// every requested analyzer (checking each result), and read the tags with the one parser (<see cref="TrackTags"/>).
/// Used by the scanner's workers, web uploads and <c>recommend --like FILE</c>. Thread-safe when the decoder and the
/// analyzers are.
/// </summary>
public sealed class FileAnalyzer(IAudioDecoder decoder) : IFileAnalyzer
{
    private readonly IAudioDecoder _decoder = decoder ?? throw new ArgumentNullException(nameof(decoder));

    /// <summary>
    /// Analyses the file at <paramref name="path"/> (a web upload, a <c>--like</c> seed): its size and mtime are read
    /// from the file system, no content hash is computed.
    /// </summary>
    /// <exception cref="Timbre.Core.Errors.AudioDecodingException">The file is missing, unreadable or not audio.</exception>
    public AnalysedFile Analyze(string path, IReadOnlyList<ITrackAnalyzer> analyzers, AnalysisWindowOptions window, CancellationToken cancellationToken = default) =>
        Analyze(Stat(path), null, analyzers, window, cancellationToken);

    /// <inheritdoc />
    public AnalysedFile Analyze(FoundFile file, string? contentHash, IReadOnlyList<ITrackAnalyzer> analyzers, AnalysisWindowOptions window, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(analyzers);
        ArgumentNullException.ThrowIfNull(window);
        if (analyzers.Count == 0)
        {
            throw new ArgumentException("At least one analyzer is needed.", nameof(analyzers));
        }

        // The first rate's window comes with the probe (one ffmpeg process for both); other rates decode again.
        var rates = analyzers.Select(a => a.SampleRate).Distinct().ToList();
        var probed = _decoder.ProbeAndDecodeWindow(file.Path, rates[0], window, cancellationToken);
        var info = probed.Info;
        AudioBuffer? first = probed.Audio;
        var results = new TrackAnalysis?[analyzers.Count];
        var errors = new Exception?[analyzers.Count];
        var seconds = 0.0;
        foreach (var rate in rates)
        {
            var audio = first ?? _decoder.DecodeWindow(info, rate, window, cancellationToken);
            first = null;
            seconds = Math.Max(seconds, audio.DurationSeconds);
            for (var i = 0; i < analyzers.Count; i++)
            {
                if (analyzers[i].SampleRate != rate)
                {
                    continue;
                }

                try
                {
                    results[i] = Checked(analyzers[i].Analyze(audio, cancellationToken), analyzers[i]);
                }
                catch (Exception e) when (e is not OperationCanceledException && e is not CatalogException)
                {
                    errors[i] = e;
                }
            }
        }

        var duration = Math.Max(info.DurationSeconds, seconds);
        return new AnalysedFile(
            info,
            TrackTags.ToTrack(file, info, duration, contentHash),
            [.. analyzers.Select((a, i) => (a, results[i])).Where(p => p.Item2 is not null).Select(p => (p.a, p.Item2!))],
            [.. analyzers.Select((a, i) => (a, errors[i])).Where(p => p.Item2 is not null).Select(p => (p.a, p.Item2!))],
            seconds);
    }

    /// <summary>The file's size and mtime; a missing file gets zeros and fails in the decoder's probe, as any bad file.</summary>
    private static FoundFile Stat(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var info = new FileInfo(path);
        return info.Exists ? new FoundFile(info.FullName, info.Length, info.LastWriteTimeUtc) : new FoundFile(path, 0, DateTime.UnixEpoch);
    }

    /// <summary>Refuses an analysis the catalog must not store: empty embedding, wrong genre count, non-finite values.</summary>
    private static TrackAnalysis Checked(TrackAnalysis result, ITrackAnalyzer analyzer)
    {
        if (result.Embedding is null || result.Embedding.Length == 0)
        {
            throw new AnalysisException($"analyzer {analyzer.ModelId} returned an empty embedding");
        }

        if (result.GenreProbabilities is null || result.GenreProbabilities.Length != analyzer.GenreLabels.Count)
        {
            throw new AnalysisException($"analyzer {analyzer.ModelId} returned {result.GenreProbabilities?.Length ?? 0} genre probabilities for {analyzer.GenreLabels.Count} labels");
        }

        if (!AllFinite(result.Embedding) || !AllFinite(result.GenreProbabilities) || !AllFinite(result.SummaryFeatures ?? []))
        {
            throw new AnalysisException($"analyzer {analyzer.ModelId} produced non-finite values");
        }

        return result;
    }

    private static bool AllFinite(float[] values)
    {
        foreach (var v in values)
        {
            if (!float.IsFinite(v))
            {
                return false;
            }
        }

        return true;
    }
}
