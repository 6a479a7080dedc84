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
/// files, directories, FIFOs, devices and empty files fail before anything is opened or spawned. Thread-safe;
/// resampler filter banks are cached per rate pair.
/// </summary>
public sealed class AudioDecoder : IAudioDecoder, ICoverArtReader
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
    /// <remarks>Delegates to the fallback decoder when it reads cover art (ffmpeg does); otherwise there is none.</remarks>
    public byte[]? ReadCoverArt(string path, int? size, CancellationToken cancellationToken = default) =>
        _fallback is ICoverArtReader reader ? reader.ReadCoverArt(path, size, cancellationToken) : null;

    /// <inheritdoc />
    public AudioBuffer Decode(string path, int targetSampleRate, CancellationToken cancellationToken = default) =>
        DecodeWavOr(
            path,
            targetSampleRate,
            (stream, header) => WavReader.ReadSamples(stream, header, path, mono: true),
            () => _fallback.Decode(path, targetSampleRate, cancellationToken),
            cancellationToken);

    /// <summary>
    /// Decodes only the window. WAV in-process: seeks to each span of <see cref="AnalysisWindowOptions.Plan"/> for the
    /// length the header states (which <see cref="WavReader.ReadHeader"/> has checked against the file's size), reads
    /// just those frames and resamples them; everything else through the fallback's own windowed decode.
    /// </summary>
    public AudioBuffer DecodeWindow(AudioInfo info, int targetSampleRate, AnalysisWindowOptions window, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(info);
        ArgumentNullException.ThrowIfNull(window);
        return DecodeWavOr(
            info.Path,
            targetSampleRate,
            (stream, header) => ReadWindow(stream, header, info.Path, window),
            () => _fallback.DecodeWindow(info, targetSampleRate, window, cancellationToken),
            cancellationToken);
    }

    /// <summary>
    /// Probe and windowed decode together: a WAV this reader knows in-process (header, then the window), everything
    /// else through the fallback's own <see cref="IAudioDecoder.ProbeAndDecodeWindow"/> (ffmpeg: one process).
    /// </summary>
    public ProbedWindow ProbeAndDecodeWindow(string path, int targetSampleRate, AnalysisWindowOptions window, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(window);
        AudioFiles.CheckReadable(path);
        bool wav;
        using (FileStream stream = AudioFiles.Open(path))
        {
            wav = StartsLikeWav(stream) && WavReader.ReadHeader(stream, path).Encoding != WavEncoding.Unsupported;
        }

        if (!wav)
        {
            return _fallback.ProbeAndDecodeWindow(path, targetSampleRate, window, cancellationToken);
        }

        AudioInfo info = Probe(path, cancellationToken);
        return new ProbedWindow(info, DecodeWindow(info, targetSampleRate, window, cancellationToken));
    }

    /// <summary>Reads a WAV this reader knows with <paramref name="read"/> and resamples it; anything else goes to <paramref name="fallback"/>.</summary>
    private AudioBuffer DecodeWavOr(
        string path, int targetSampleRate, Func<FileStream, WavHeader, float[]> read, Func<AudioBuffer> fallback, CancellationToken cancellationToken)
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
                return fallback();
            }

            header = WavReader.ReadHeader(stream, path);
            if (header.Encoding == WavEncoding.Unsupported)
            {
                return fallback();
            }

            samples = read(stream, header);
        }

        return Resample(samples, header.SampleRate, targetSampleRate, cancellationToken);
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
            throw new AudioDecodingException(path, AudioFailure.NoSamples, "empty data chunk");
        }

        double duration = (double)(dataBytes / header.BlockAlign) / header.SampleRate;
        return new AudioInfo(path, "wav", duration, header.SampleRate, header.Channels, header.Tags);
    }

    private static float[] ReadWindow(FileStream stream, WavHeader header, string path, AnalysisWindowOptions window)
    {
        long dataStart = stream.Position;
        long frames = header.FrameCount >= 0 ? header.FrameCount : (stream.Length - dataStart) / header.BlockAlign;
        if (frames <= 0)
        {
            throw new AudioDecodingException(path, AudioFailure.NoSamples, "empty data chunk");
        }

        int rate = header.SampleRate;
        var samples = new float[(int)Math.Min(frames, window.MaxSamples(rate))];
        int filled = 0;
        foreach ((double start, double length) in window.Plan((double)frames / rate))
        {
            long first = Math.Min((long)(start * rate), frames);
            int count = (int)Math.Min(Math.Min(frames - first, (long)Math.Round(length * rate)), samples.Length - filled);
            if (count <= 0)
            {
                continue;
            }

            stream.Position = dataStart + (first * header.BlockAlign);
            WavReader.ReadMonoFrames(stream, header, path, samples.AsSpan(filled, count));
            filled += count;
        }

        return filled == samples.Length ? samples : samples[..filled];
    }

    private AudioBuffer Resample(float[] samples, int sourceRate, int targetSampleRate, CancellationToken cancellationToken)
    {
        if (sourceRate == targetSampleRate)
        {
            return new AudioBuffer(samples, targetSampleRate);
        }

        cancellationToken.ThrowIfCancellationRequested();
        Resampler resampler = _resamplers.GetOrAdd(
            (sourceRate, targetSampleRate), key => new Resampler(key.From, key.To, _resamplerOptions));
        return new AudioBuffer(resampler.Process(samples), targetSampleRate);
    }

    private static bool StartsLikeWav(FileStream stream)
    {
        Span<byte> head = stackalloc byte[12];
        int got = stream.ReadAtLeast(head, 12, throwOnEndOfStream: false);
        stream.Position = 0;
        return WavReader.HasWavMagic(head[..got]);
    }
}
