using System.Collections.Concurrent;
using Timbre.Audio.Ffmpeg;
using Timbre.Audio.Resampling;
using Timbre.Audio.Wav;
using Timbre.Core.Audio;
using Timbre.Core.Errors;

namespace Timbre.Audio;

/// <summary>
/// The decoder the rest of Timbre uses: files that start <c>RIFF….WAVE</c> in an encoding <see cref="WavReader"/>
/// knows are read in-process (and resampled with <see cref="Resampler"/>); everything else goes to ffmpeg. Missing
/// files, directories and empty files fail before anything is spawned. Thread-safe; resampler filter banks are
/// cached per rate pair.
/// </summary>
public sealed class AudioDecoder : IAudioDecoder
{
    private readonly IAudioDecoder _fallback;
    private readonly ResamplerOptions _resamplerOptions;
    private readonly ConcurrentDictionary<(int From, int To), Resampler> _resamplers = new();

    /// <summary>Creates the composite over <paramref name="fallback"/> (normally a <see cref="FfmpegDecoder"/>).</summary>
    public AudioDecoder(IAudioDecoder fallback, ResamplerOptions? resamplerOptions = null)
    {
        ArgumentNullException.ThrowIfNull(fallback);
        _fallback = fallback;
        _resamplerOptions = resamplerOptions ?? ResamplerOptions.Default;
    }

    /// <inheritdoc />
    public AudioBuffer Decode(string path, int targetSampleRate, CancellationToken cancellationToken = default) =>
        DecodeUpTo(path, targetSampleRate, maxSeconds: null, cancellationToken);

    /// <inheritdoc />
    /// <remarks>WAV: only the frames of the head are read from the data chunk; other formats: ffmpeg <c>-t</c>.</remarks>
    public AudioBuffer DecodeHead(string path, int targetSampleRate, double maxSeconds, CancellationToken cancellationToken = default) =>
        DecodeUpTo(path, targetSampleRate, AudioFiles.CheckMaxSeconds(maxSeconds), cancellationToken);

    private AudioBuffer DecodeUpTo(string path, int targetSampleRate, double? maxSeconds, CancellationToken cancellationToken)
    {
        AudioFiles.CheckReadable(path);
        AudioFiles.CheckTargetRate(targetSampleRate);
        cancellationToken.ThrowIfCancellationRequested();
        float[] samples;
        WavHeader header;
        using (FileStream stream = AudioFiles.Open(path))
        {
            if (!StartsLikeWav(stream))
            {
                return Fallback(path, targetSampleRate, maxSeconds, cancellationToken);
            }

            header = WavReader.ReadHeader(stream, path);
            if (header.Encoding == WavEncoding.Unsupported)
            {
                return Fallback(path, targetSampleRate, maxSeconds, cancellationToken);
            }

            samples = WavReader.ReadSamples(stream, maxSeconds is { } seconds ? Head(header, stream, seconds) : header, path, mono: true);
        }

        if (header.SampleRate == targetSampleRate)
        {
            return new AudioBuffer(samples, targetSampleRate);
        }

        cancellationToken.ThrowIfCancellationRequested();
        Resampler resampler = _resamplers.GetOrAdd(
            (header.SampleRate, targetSampleRate), key => new Resampler(key.From, key.To, _resamplerOptions));
        return new AudioBuffer(resampler.Process(samples), targetSampleRate);
    }

    /// <inheritdoc />
    public AudioInfo Probe(string path, CancellationToken cancellationToken = default)
    {
        AudioFiles.CheckReadable(path);
        using FileStream stream = AudioFiles.Open(path);
        if (!StartsLikeWav(stream))
        {
            return _fallback.Probe(path, cancellationToken);
        }

        WavHeader header = WavReader.ReadHeader(stream, path);
        if (header.Encoding == WavEncoding.Unsupported)
        {
            return _fallback.Probe(path, cancellationToken);
        }

        long dataBytes = header.DataLength >= 0 ? header.DataLength : stream.Length - stream.Position;
        if (dataBytes < header.BlockAlign)
        {
            throw new AudioDecodingException(path, "no audio samples (empty data chunk)");
        }

        double duration = (double)(dataBytes / header.BlockAlign) / header.SampleRate;
        return new AudioInfo(path, "wav", duration, header.SampleRate, header.Channels, header.Tags);
    }

    private AudioBuffer Fallback(string path, int targetSampleRate, double? maxSeconds, CancellationToken cancellationToken) =>
        maxSeconds is { } seconds
            ? _fallback.DecodeHead(path, targetSampleRate, seconds, cancellationToken)
            : _fallback.Decode(path, targetSampleRate, cancellationToken);

    /// <summary>The header with its data chunk cut to the first <paramref name="seconds"/> (never past the file's end).</summary>
    private static WavHeader Head(WavHeader header, FileStream stream, double seconds)
    {
        long frames = (long)Math.Ceiling(seconds * header.SampleRate);
        long available = header.DataLength >= 0 ? header.DataLength : stream.Length - stream.Position;
        long bytes = Math.Min(available / header.BlockAlign, frames) * header.BlockAlign;
        return header with { DataLength = bytes };
    }

    private static bool StartsLikeWav(FileStream stream)
    {
        Span<byte> head = stackalloc byte[12];
        int got = stream.ReadAtLeast(head, 12, throwOnEndOfStream: false);
        stream.Position = 0;
        return WavReader.HasWavMagic(head[..got]);
    }
}
