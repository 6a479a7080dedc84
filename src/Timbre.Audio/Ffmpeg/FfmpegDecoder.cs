using System.Buffers;
using System.Globalization;
using System.Runtime.InteropServices;
using Timbre.Core.Audio;
using Timbre.Core.Errors;

namespace Timbre.Audio.Ffmpeg;

/// <summary>
/// Decodes any format ffmpeg knows (MP3, FLAC, OGG/Vorbis, Opus, AAC/M4A, …) by running
/// <c>ffmpeg -nostdin -v error -i FILE -map 0:a:0 -ac 1 -ar RATE -f f32le -</c> and streaming its stdout; probes with
/// <c>ffprobe -print_format json</c>. Failures become <see cref="AudioDecodingException"/> quoting ffmpeg's reason.
/// </summary>
public sealed class FfmpegDecoder : IAudioDecoder
{
    private const int ReadBytes = 1 << 16;

    /// <summary>Creates the decoder with <paramref name="options"/> (defaults: tools on PATH, 10-minute timeout).</summary>
    public FfmpegDecoder(FfmpegOptions? options = null)
    {
        Options = options ?? FfmpegOptions.Default;
    }

    /// <summary>The tool paths and limits in use.</summary>
    public FfmpegOptions Options { get; }

    /// <inheritdoc />
    public AudioBuffer Decode(string path, int targetSampleRate, CancellationToken cancellationToken = default) =>
        Run(path, targetSampleRate, maxSeconds: null, cancellationToken);

    /// <inheritdoc />
    /// <remarks>ffmpeg stops after <paramref name="maxSeconds"/> of output (<c>-t</c>).</remarks>
    public AudioBuffer DecodeHead(string path, int targetSampleRate, double maxSeconds, CancellationToken cancellationToken = default) =>
        Run(path, targetSampleRate, AudioFiles.CheckMaxSeconds(maxSeconds), cancellationToken);

    private AudioBuffer Run(string path, int targetSampleRate, double? maxSeconds, CancellationToken cancellationToken)
    {
        AudioFiles.CheckReadable(path);
        AudioFiles.CheckTargetRate(targetSampleRate);
        string[] limit = maxSeconds is { } seconds ? ["-t", seconds.ToString("0.###", CultureInfo.InvariantCulture)] : [];
        string[] arguments =
        [
            "-nostdin", "-hide_banner", "-v", "error",
            "-i", AudioFiles.FileUrl(path),
            "-map", "0:a:0", "-ac", "1", "-ar", targetSampleRate.ToString(CultureInfo.InvariantCulture),
            .. limit,
            "-f", "f32le", "-",
        ];
        using var samples = new FloatAccumulator(1 << 18);
        ToolProcess.Result result = ToolProcess.Run(
            Options.FfmpegPath, "ffmpeg", arguments, path, stdout => ReadFloats(stdout, samples, path), Options,
            cancellationToken);
        if (result.ExitCode != 0)
        {
            throw new AudioDecodingException(path, $"ffmpeg failed (exit code {result.ExitCode}): {Reason(result)}");
        }

        if (samples.Count == 0)
        {
            throw new AudioDecodingException(path, "ffmpeg decoded no audio samples"
                + (result.ErrorTail.Length > 0 ? $": {result.ErrorTail}" : string.Empty));
        }

        return new AudioBuffer(samples.ToArray(), targetSampleRate);
    }

    /// <inheritdoc />
    public AudioInfo Probe(string path, CancellationToken cancellationToken = default)
    {
        AudioFiles.CheckReadable(path);
        string[] arguments =
        [
            "-v", "error", "-print_format", "json", "-show_format", "-show_streams", AudioFiles.FileUrl(path),
        ];
        using var json = new MemoryStream();
        ToolProcess.Result result = ToolProcess.Run(
            Options.FfprobePath, "ffprobe", arguments, path, stdout => CopyCapped(stdout, json, path), Options,
            cancellationToken);
        if (result.ExitCode != 0)
        {
            throw new AudioDecodingException(path, $"ffprobe failed (exit code {result.ExitCode}): {Reason(result)}");
        }

        return FfprobeJson.Parse(json.GetBuffer().AsSpan(0, (int)json.Length), path);
    }

    private static string Reason(ToolProcess.Result result) =>
        result.ErrorTail.Length > 0 ? result.ErrorTail : "no message";

    private static void ReadFloats(Stream stdout, FloatAccumulator samples, string path)
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(ReadBytes);
        try
        {
            int carry = 0;
            while (true)
            {
                int got = stdout.Read(buffer, carry, ReadBytes - carry);
                if (got == 0)
                {
                    break;
                }

                int have = carry + got;
                int count = have / 4;
                if ((long)samples.Count + count > Wav.WavReader.MaxSamples)
                {
                    throw new AudioDecodingException(path, $"more than {Wav.WavReader.MaxSamples} samples");
                }

                MemoryMarshal.Cast<byte, float>(buffer.AsSpan(0, count * 4)).CopyTo(samples.GetSpan(count));
                samples.Advance(count);
                carry = have - count * 4;
                buffer.AsSpan(count * 4, carry).CopyTo(buffer);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static void CopyCapped(Stream stdout, MemoryStream json, string path)
    {
        const int Cap = 16 << 20;
        byte[] buffer = ArrayPool<byte>.Shared.Rent(ReadBytes);
        try
        {
            int got;
            while ((got = stdout.Read(buffer, 0, ReadBytes)) > 0)
            {
                if (json.Length + got > Cap)
                {
                    throw new AudioDecodingException(path, "ffprobe printed more than 16 MB of metadata");
                }

                json.Write(buffer, 0, got);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
