namespace Timbre.Core.Audio;

/// <summary>Turns an audio file into mono samples at a requested rate. The only place that touches audio files.</summary>
public interface IAudioDecoder
{
    /// <summary>Decodes <paramref name="path"/> to mono at <paramref name="targetSampleRate"/> Hz.</summary>
    /// <exception cref="Timbre.Core.Errors.AudioDecodingException">The file is missing, unreadable or not audio.</exception>
    AudioBuffer Decode(string path, int targetSampleRate, CancellationToken cancellationToken = default);

    /// <summary>Reads format, duration, stream parameters and tags without decoding the samples.</summary>
    /// <exception cref="Timbre.Core.Errors.AudioDecodingException">The file is missing, unreadable or not audio.</exception>
    AudioInfo Probe(string path, CancellationToken cancellationToken = default);
}
