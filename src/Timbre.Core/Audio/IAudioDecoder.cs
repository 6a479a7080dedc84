namespace Timbre.Core.Audio;

/// <summary>Turns an audio file into mono samples at a requested rate. The only place that touches audio files.</summary>
public interface IAudioDecoder
{
    /// <summary>Decodes <paramref name="path"/> to mono at <paramref name="targetSampleRate"/> Hz.</summary>
    /// <exception cref="Timbre.Core.Errors.AudioDecodingException">The file is missing, unreadable or not audio.</exception>
    AudioBuffer Decode(string path, int targetSampleRate, CancellationToken cancellationToken = default);

    /// <summary>
    /// Decodes at most the first <paramref name="maxSeconds"/> seconds of <paramref name="path"/> to mono at
    /// <paramref name="targetSampleRate"/> Hz, so the cost is bounded whatever the file's length (used for previews
    /// such as the spectrogram image). This default decodes everything and keeps the head; real decoders override it
    /// to stop reading early.
    /// </summary>
    /// <exception cref="Timbre.Core.Errors.AudioDecodingException">The file is missing, unreadable or not audio.</exception>
    AudioBuffer DecodeHead(string path, int targetSampleRate, double maxSeconds, CancellationToken cancellationToken = default)
    {
        var all = Decode(path, targetSampleRate, cancellationToken);
        var keep = (int)Math.Min(all.Samples.Length, Math.Max(1, maxSeconds * targetSampleRate));
        return keep == all.Samples.Length ? all : new AudioBuffer(all.Samples[..keep], targetSampleRate);
    }

    /// <summary>Reads format, duration, stream parameters and tags without decoding the samples.</summary>
    /// <exception cref="Timbre.Core.Errors.AudioDecodingException">The file is missing, unreadable or not audio.</exception>
    AudioInfo Probe(string path, CancellationToken cancellationToken = default);
}
