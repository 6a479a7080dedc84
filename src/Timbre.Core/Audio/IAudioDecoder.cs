namespace Timbre.Core.Audio;

/// <summary>Turns an audio file into mono samples at a requested rate. The only place that touches audio files.</summary>
public interface IAudioDecoder
{
    /// <summary>Decodes the whole of <paramref name="path"/> to mono at <paramref name="targetSampleRate"/> Hz.</summary>
    /// <exception cref="Timbre.Core.Errors.AudioDecodingException">The file is missing, unreadable or not audio.</exception>
    AudioBuffer Decode(string path, int targetSampleRate, CancellationToken cancellationToken = default);

    /// <summary>
    /// Decodes at most the first <paramref name="maxSeconds"/> seconds of <paramref name="path"/> to mono at
    /// <paramref name="targetSampleRate"/> Hz, so the cost is bounded whatever the file's length (used for previews
    /// such as the spectrogram image): a probe, then <see cref="DecodeWindow"/> over one span from the start.
    /// </summary>
    /// <exception cref="Timbre.Core.Errors.AudioDecodingException">The file is missing, unreadable or not audio.</exception>
    /// <exception cref="Timbre.Core.Errors.InvalidOptionsException"><paramref name="maxSeconds"/> is outside 1 … 86 400.</exception>
    AudioBuffer DecodeHead(string path, int targetSampleRate, double maxSeconds, CancellationToken cancellationToken = default)
    {
        var window = new AnalysisWindowOptions { MaxSeconds = maxSeconds, FromStart = true };
        return DecodeWindow(Probe(path, cancellationToken), targetSampleRate, window, cancellationToken);
    }

    /// <summary>Reads format, duration, stream parameters and tags without decoding the samples.</summary>
    /// <exception cref="Timbre.Core.Errors.AudioDecodingException">The file is missing, unreadable or not audio.</exception>
    AudioInfo Probe(string path, CancellationToken cancellationToken = default);

    /// <summary>
    /// Decodes only the analysis window of the file <paramref name="info"/> describes (this decoder's
    /// <see cref="Probe"/> of it): at most <see cref="AnalysisWindowOptions.MaxSamples"/> samples, whatever the file
    /// really holds. Implementations read just those seconds; this default decodes everything and cuts, so it is
    /// bounded only for decoders whose <see cref="Decode"/> is.
    /// </summary>
    /// <exception cref="Timbre.Core.Errors.AudioDecodingException">The file is missing, unreadable or not audio.</exception>
    AudioBuffer DecodeWindow(AudioInfo info, int targetSampleRate, AnalysisWindowOptions window, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(info);
        ArgumentNullException.ThrowIfNull(window);
        return window.Cut(Decode(info.Path, targetSampleRate, cancellationToken));
    }

    /// <summary>
    /// <see cref="Probe"/> and <see cref="DecodeWindow"/> together, for callers that need both (the analysis of a
    /// file). Decoders that can learn the stream parameters and tags while decoding override it to spare a second
    /// pass over the file (ffmpeg: one process instead of ffprobe then ffmpeg); this default does the two calls.
    /// </summary>
    /// <exception cref="Timbre.Core.Errors.AudioDecodingException">The file is missing, unreadable or not audio.</exception>
    ProbedWindow ProbeAndDecodeWindow(string path, int targetSampleRate, AnalysisWindowOptions window, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(window);
        var info = Probe(path, cancellationToken);
        return new ProbedWindow(info, DecodeWindow(info, targetSampleRate, window, cancellationToken));
    }
}
