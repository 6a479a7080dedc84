using Timbre.Audio.Ffmpeg;
using Timbre.Core.Audio;

namespace Timbre.Audio;

/// <summary>Ready-made decoders.</summary>
public static class AudioDecoders
{
    /// <summary>The environment variable that forces one ffmpeg process per file when set to "cli".</summary>
    public const string DecoderVariable = "TIMBRE_DECODER";

    /// <summary>The environment variable naming the decoder host binary (default: timbre-decode-host next to the app).</summary>
    public const string HostVariable = "TIMBRE_DECODE_HOST";

    private static readonly Lazy<IAudioDecoder> Shared = new(() => new AudioDecoder(CreateFfmpeg(FfmpegOptions.Default)));
    private static int _noticed;

    /// <summary>
    /// WAV in-process, everything else through ffmpeg found on PATH, default limits: the analysis of a file through
    /// the decoder host (<see cref="HostedFfmpegDecoder"/>) when it is built (scripts/setup.sh) and not turned off
    /// with <c>TIMBRE_DECODER=cli</c>, else one ffmpeg process per file. One shared instance (its hosts are reused).
    /// </summary>
    public static IAudioDecoder CreateDefault() => Shared.Value;

    /// <summary>
    /// As <see cref="CreateDefault"/> with explicit ffmpeg settings (a new instance); an ffmpeg other than the one on
    /// PATH is always run as a process (the decoder host is built against the system's libraries).
    /// </summary>
    public static IAudioDecoder Create(FfmpegOptions ffmpegOptions) => new AudioDecoder(CreateFfmpeg(ffmpegOptions));

    /// <summary>
    /// The decoder host to use: <c>TIMBRE_DECODE_HOST</c>, else timbre-decode-host beside the app; null when
    /// <c>TIMBRE_DECODER=cli</c> or none exists (then says so once on stderr).
    /// </summary>
    public static string? DecoderHostPath()
    {
        if (string.Equals(Environment.GetEnvironmentVariable(DecoderVariable), "cli", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        string? named = Environment.GetEnvironmentVariable(HostVariable);
        string path = string.IsNullOrWhiteSpace(named) ? Path.Combine(AppContext.BaseDirectory, "timbre-decode-host") : named;
        if (File.Exists(path))
        {
            return path;
        }

        if (Interlocked.Exchange(ref _noticed, 1) == 0)
        {
            Console.Error.WriteLine(
                $"timbre: no decoder host at {path} (scripts/setup.sh builds it); decoding with one ffmpeg process per file");
        }

        return null;
    }

    private static IAudioDecoder CreateFfmpeg(FfmpegOptions options)
    {
        var cli = new FfmpegDecoder(options);
        return options.FfmpegPath == FfmpegOptions.Default.FfmpegPath && DecoderHostPath() is string host ? new HostedFfmpegDecoder(host, cli) : cli;
    }
}
