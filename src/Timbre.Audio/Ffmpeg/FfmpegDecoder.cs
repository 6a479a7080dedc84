using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Timbre.Core.Audio;
using Timbre.Core.Errors;

namespace Timbre.Audio.Ffmpeg;

/// <summary>
/// Decodes the audio containers ffmpeg knows and <see cref="FfmpegOptions.AllowedFormats"/> admits (MP3, FLAC,
/// OGG/Vorbis, Opus, AAC/M4A, …) by running <c>ffmpeg -protocol_whitelist file -format_whitelist LIST -i file:PATH
/// -map 0:a:0 -ac 1 -ar RATE -f f32le -</c> and streaming its stdout (with <c>-filter_threads 1</c>: the one
/// resampling filter gains nothing from ffmpeg's filter thread pool, whose threads cost each run ≈ 4 % of its CPU; the
/// samples are the same) and <c>-flush_packets 0</c> (by default ffmpeg flushes a pipe after every packet: ≈ 1 KB
/// writes, each waking the reader; unflushed it writes its 32 KB I/O buffer, the same bytes with 20× fewer system
/// calls and wake-ups on both sides); probes with <c>ffprobe -print_format json</c>
/// under the same whitelists. A playlist, concat script or anything else that would open another file or URL is
/// refused as <see cref="AudioFailure.NotAudio"/> before its header is read. Failures become
/// <see cref="AudioDecodingException"/> with a typed kind; ffmpeg's own words are only in the detail.
/// </summary>
public sealed partial class FfmpegDecoder : IAudioDecoder, ICoverArtReader
{
    private const int ReadBytes = 1 << 16;
    private readonly string _formatWhitelist;

    /// <summary>Creates the decoder with <paramref name="options"/> (defaults: tools on PATH, 10-minute timeout).</summary>
    public FfmpegDecoder(FfmpegOptions? options = null)
    {
        Options = options ?? FfmpegOptions.Default;
        _formatWhitelist = string.Join(',', Options.AllowedFormats);
    }

    /// <summary>The tool paths and limits in use.</summary>
    public FfmpegOptions Options { get; }

    /// <inheritdoc />
    public AudioBuffer Decode(string path, int targetSampleRate, CancellationToken cancellationToken = default)
    {
        AudioFiles.CheckReadable(path);
        AudioFiles.CheckTargetRate(targetSampleRate);
        using var samples = new FloatAccumulator(1 << 18);
        bool Take(ReadOnlySpan<float> block)
        {
            if ((long)samples.Count + block.Length > Wav.WavReader.MaxSamples)
            {
                throw new AudioDecodingException(path, AudioFailure.TooLong, $"more than {Wav.WavReader.MaxSamples} samples");
            }

            block.CopyTo(samples.GetSpan(block.Length));
            samples.Advance(block.Length);
            return true;
        }

        ToolProcess.Result result = RunFfmpeg(path, targetSampleRate, null, null, stdout => ReadFloats(stdout, Take), Options, cancellationToken);
        ThrowIfFailed(path, "ffmpeg", result, samples.Count > 0);
        if (samples.Count == 0)
        {
            throw new AudioDecodingException(path, AudioFailure.NoSamples, Tail("ffmpeg decoded no audio samples", result));
        }

        return new AudioBuffer(samples.ToArray(), targetSampleRate);
    }

    /// <summary>
    /// Decodes only the window: one ffmpeg run per span of <see cref="AnalysisWindowOptions.Plan"/> (<c>-ss</c> before
    /// <c>-i</c>, so it seeks instead of decoding the skipped audio, and <c>-t</c>), forced to the demuxer the probe
    /// found. Each run is killed once its share of samples has arrived, so a file that lies about its length costs
    /// no more than the window; all runs together get one <see cref="FfmpegOptions.Timeout"/>. When the claimed length was false and the excerpts found nothing, the window is read
    /// from the start.
    /// </summary>
    public AudioBuffer DecodeWindow(AudioInfo info, int targetSampleRate, AnalysisWindowOptions window, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(info);
        ArgumentNullException.ThrowIfNull(window);
        string path = info.Path;
        AudioFiles.CheckReadable(path);
        AudioFiles.CheckTargetRate(targetSampleRate);
        string demuxer = Demuxer(info.Format, path);
        int cap = window.MaxSamples(targetSampleRate);
        using var samples = new WindowSamples(WindowSamples.Expected(info.DurationSeconds, targetSampleRate, cap), cap);
        var plan = window.Plan(info.DurationSeconds);
        var deadline = Stopwatch.StartNew();
        DecodeSpans(path, targetSampleRate, demuxer, plan, samples, deadline, cancellationToken);
        if (samples.Count == 0 && plan[0].Start > 0)
        {
            DecodeSpans(path, targetSampleRate, demuxer, window.Plan(0), samples, deadline, cancellationToken);
        }

        if (samples.Count == 0)
        {
            throw new AudioDecodingException(path, AudioFailure.NoSamples, "ffmpeg decoded no audio samples");
        }

        return new AudioBuffer(samples.ToArray(), targetSampleRate);
    }

    /// <summary>
    /// Probes and decodes in one ffmpeg run: the window from the start (<c>-t</c> its length) with
    /// <c>-v level+info</c>, whose input description (<see cref="FfmpegInputDump"/>) gives what ffprobe would. A file
    /// the window covers whole streams into the window and is done, the common case. As before (<see cref="Probe"/>,
    /// then <see cref="DecodeWindow"/>) go: a file longer than the window (the run stops once its duration is known;
    /// ffprobe's exact duration places the excerpts where they always were), a failed or empty run (so errors are
    /// exactly the old ones), and a description that may differ from ffprobe's. The same whitelists hold in every run.
    /// </summary>
    public ProbedWindow ProbeAndDecodeWindow(string path, int targetSampleRate, AnalysisWindowOptions window, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(window);
        AudioFiles.CheckReadable(path);
        AudioFiles.CheckTargetRate(targetSampleRate);
        var dump = new FfmpegInputDump();
        int cap = window.MaxSamples(targetSampleRate);
        AudioInfo? info = null;
        WindowSamples? samples = null;
        bool Consume(Stream stdout)
        {
            // ffmpeg describes its input before it writes a sample; stderr ends when it exits or is killed.
            dump.WaitForEnd();
            info = dump.Info(path);
            if (info is null || !CoversWhole(window, info.DurationSeconds) || Demuxer(info.Format) is null)
            {
                return true;
            }

            samples = new WindowSamples(WindowSamples.Expected(info.DurationSeconds, targetSampleRate, cap), cap);
            return ReadFloats(stdout, samples, cap);
        }

        string[] arguments =
        [
            "-nostdin", "-hide_banner", "-nostats", "-v", "level+info", "-filter_threads", "1", "-protocol_whitelist", "file",
            "-format_whitelist", _formatWhitelist, "-t", window.MaxSeconds.ToString("0.######", CultureInfo.InvariantCulture), "-i", AudioFiles.FileUrl(path),
            "-map", "0:a:0", "-ac", "1", "-ar", targetSampleRate.ToString(CultureInfo.InvariantCulture), "-flush_packets", "0", "-f", "f32le", "-",
        ];
        try
        {
            ToolProcess.Result result = ToolProcess.Run(
                Options.FfmpegPath, "ffmpeg", arguments, path, Consume, Options, cancellationToken, dump.Add, dump.ErrorText);
            if (info is null || samples is null || !result.Succeeded || samples.Count == 0)
            {
                // A failure, an uncertain description, or excerpts (placed by the duration, which ffmpeg prints to 0.01 s
                // only): as before, ffprobe then ffmpeg. Only tracks longer than the window and bad files pay for it.
                samples?.Dispose();
                samples = null;
                info = Probe(path, cancellationToken);
                return new ProbedWindow(info, DecodeWindow(info, targetSampleRate, window, cancellationToken));
            }

            return new ProbedWindow(info, new AudioBuffer(samples.ToArray(), targetSampleRate));
        }
        finally
        {
            samples?.Dispose();
        }
    }

    /// <summary>Whether the window's plan for a track of <paramref name="seconds"/> is one span from the start,
    /// clear of the rounding of ffmpeg's printed duration (0.01 s) near the window's length.</summary>
    internal static bool CoversWhole(AnalysisWindowOptions window, double seconds) =>
        window.Plan(seconds) is [(0, _)] && (window.FromStart || Math.Abs(seconds - window.MaxSeconds) > 0.01);

    /// <inheritdoc />
    public AudioInfo Probe(string path, CancellationToken cancellationToken = default)
    {
        AudioFiles.CheckReadable(path);
        string[] arguments =
        [
            "-v", "error", "-protocol_whitelist", "file", "-format_whitelist", _formatWhitelist,
            "-print_format", "json", "-show_format", "-show_streams", AudioFiles.FileUrl(path),
        ];
        using var json = new MemoryStream();
        ToolProcess.Result result = ToolProcess.Run(
            Options.FfprobePath, "ffprobe", arguments, path, stdout => CopyCapped(stdout, json, path), Options,
            cancellationToken);
        ThrowIfFailed(path, "ffprobe", result, decodedAny: false);
        AudioInfo info = FfprobeJson.Parse(json.GetBuffer().AsSpan(0, (int)json.Length), path);
        Demuxer(info.Format, path);
        return info;
    }

    /// <summary>The allowed demuxer among ffprobe's <paramref name="format"/> names (e.g. "mov" of "mov,mp4,m4a,…").</summary>
    private string Demuxer(string format, string path) =>
        Demuxer(format)
        ?? throw new AudioDecodingException(path, AudioFailure.NotAudio, $"container '{format}' is not an allowed audio format");

    private string? Demuxer(string format) =>
        format.Split(',', StringSplitOptions.TrimEntries).FirstOrDefault(Options.AllowedFormats.Contains);

    private void DecodeSpans(
        string path, int rate, string demuxer, IReadOnlyList<(double Start, double Length)> spans, WindowSamples samples, Stopwatch deadline,
        CancellationToken cancellationToken)
    {
        foreach ((double start, double length) in spans)
        {
            TimeSpan left = Options.Timeout - deadline.Elapsed;
            if (left < TimeSpan.FromSeconds(1))
            {
                throw new AudioDecodingException(path, AudioFailure.Timeout, $"ffmpeg timed out after {Options.Timeout.TotalSeconds:0.#} s");
            }

            int quota = (int)Math.Min(samples.Remaining, Math.Ceiling(length * rate));
            if (quota <= 0)
            {
                break;
            }

            int before = samples.Count;
            ToolProcess.Result result = RunFfmpeg(
                path, rate, demuxer, (start, length), stdout => ReadFloats(stdout, samples, quota), Options with { Timeout = left }, cancellationToken);
            ThrowIfFailed(path, "ffmpeg", result, samples.Count > before);
        }
    }

    private ToolProcess.Result RunFfmpeg(
        string path, int rate, string? demuxer, (double Start, double Length)? span, Func<Stream, bool> consume, FfmpegOptions options,
        CancellationToken cancellationToken)
    {
        var arguments = new List<string>
        {
            "-nostdin", "-hide_banner", "-v", "error", "-filter_threads", "1", "-protocol_whitelist", "file", "-format_whitelist", _formatWhitelist,
        };
        if (demuxer is not null)
        {
            arguments.AddRange(["-f", demuxer]);
        }

        if (span is var (start, length))
        {
            if (start > 0)
            {
                arguments.AddRange(["-ss", start.ToString("0.######", CultureInfo.InvariantCulture)]);
            }

            arguments.AddRange(["-t", length.ToString("0.######", CultureInfo.InvariantCulture)]);
        }

        arguments.AddRange(
        [
            "-i", AudioFiles.FileUrl(path),
            "-map", "0:a:0", "-ac", "1", "-ar", rate.ToString(CultureInfo.InvariantCulture), "-flush_packets", "0", "-f", "f32le", "-",
        ]);
        return ToolProcess.Run(options.FfmpegPath, "ffmpeg", arguments, path, consume, options, cancellationToken);
    }

    private static void ThrowIfFailed(string path, string tool, ToolProcess.Result result, bool decodedAny)
    {
        if (!result.Succeeded)
        {
            throw new AudioDecodingException(
                path, ToolFailures.Classify(result.ErrorTail, AudioFiles.FileUrl(path), decodedAny), Tail($"{tool} failed (exit code {result.ExitCode})", result));
        }
    }

    private static string Tail(string what, ToolProcess.Result result) =>
        result.ErrorTail.Length > 0 ? $"{what}: {result.ErrorTail}" : what;

    /// <summary>
    /// Reads samples straight into <paramref name="samples"/> until the stream ends (false) or <paramref name="quota"/>
    /// more have arrived (true); never takes a byte past the quota.
    /// </summary>
    private static bool ReadFloats(Stream stdout, WindowSamples samples, int quota)
    {
        int goal = samples.Count + Math.Min(quota, samples.Remaining);
        while (samples.Count < goal)
        {
            if (samples.ReadFrom(stdout, goal - samples.Count) == 0)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Feeds whole floats to <paramref name="take"/> until the stream ends (false) or it wants no more (true).</summary>
    private static bool ReadFloats(Stream stdout, Func<ReadOnlySpan<float>, bool> take)
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
                    return false;
                }

                int have = carry + got;
                int count = have / 4;
                if (!take(MemoryMarshal.Cast<byte, float>(buffer.AsSpan(0, count * 4))))
                {
                    return true;
                }

                carry = have - count * 4;
                buffer.AsSpan(count * 4, carry).CopyTo(buffer);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static bool CopyCapped(Stream stdout, MemoryStream json, string path)
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
                    throw new AudioDecodingException(path, AudioFailure.Corrupt, "ffprobe printed more than 16 MB of metadata");
                }

                json.Write(buffer, 0, got);
            }

            return false;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
