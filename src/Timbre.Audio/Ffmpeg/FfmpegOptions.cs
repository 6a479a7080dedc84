using Timbre.Core.Errors;

namespace Timbre.Audio.Ffmpeg;

/// <summary>Where the ffmpeg tools are and how long one call may take. Each value is checked when set.</summary>
public sealed record FfmpegOptions
{
    /// <summary>The ffmpeg executable: a name looked up on PATH or a full path. Default "ffmpeg".</summary>
    public string FfmpegPath
    {
        get;
        init => field = !string.IsNullOrWhiteSpace(value)
            ? value
            : throw new InvalidOptionsException("FfmpegPath must not be empty.");
    } = "ffmpeg";

    /// <summary>The ffprobe executable: a name looked up on PATH or a full path. Default "ffprobe".</summary>
    public string FfprobePath
    {
        get;
        init => field = !string.IsNullOrWhiteSpace(value)
            ? value
            : throw new InvalidOptionsException("FfprobePath must not be empty.");
    } = "ffprobe";

    /// <summary>Longest one decode or probe may run before the process is killed, 1 s … 24 h. Default 10 minutes.</summary>
    public TimeSpan Timeout
    {
        get;
        init => field = value >= TimeSpan.FromSeconds(1) && value <= TimeSpan.FromHours(24)
            ? value
            : throw new InvalidOptionsException($"Timeout must be between 1 s and 24 h, got {value}.");
    } = TimeSpan.FromMinutes(10);

    /// <summary>How many of the tool's last stderr lines an error message quotes, 1 … 100. Default 5.</summary>
    public int ErrorLines
    {
        get;
        init => field = value is >= 1 and <= 100
            ? value
            : throw new InvalidOptionsException($"ErrorLines must be in 1..100, got {value}.");
    } = 5;

    /// <summary>
    /// The ffmpeg demuxers (containers) a file may be opened with, each a demuxer name as <c>ffmpeg -demuxers</c>
    /// lists it; ffmpeg and ffprobe refuse any other before reading the file's header. Default
    /// <see cref="DefaultAllowedFormats"/>: audio containers only — never playlists (hls, concat), images, subtitles,
    /// lavfi or anything else that can open another file or URL.
    /// </summary>
    public IReadOnlyList<string> AllowedFormats
    {
        get;
        init => field = value is { Count: > 0 } && value.All(IsDemuxerName)
            ? [.. value]
            : throw new InvalidOptionsException("AllowedFormats must list at least one demuxer name (letters, digits, '_').");
    } = DefaultAllowedFormats;

    /// <summary>
    /// WAV (and Wave64), MP3, FLAC, Ogg (Vorbis, Opus, FLAC), the MP4/M4A/MOV family (AAC, ALAC), raw AAC (ADTS),
    /// AIFF, WavPack, Monkey's Audio, Matroska/WebM (audio only), CAF, ASF (WMA), TTA, Sun AU, Musepack.
    /// </summary>
    public static IReadOnlyList<string> DefaultAllowedFormats { get; } =
        ["wav", "w64", "mp3", "flac", "ogg", "mov", "aac", "aiff", "wv", "ape", "matroska", "caf", "asf", "tta", "au", "mpc", "mpc8"];

    /// <summary>The defaults.</summary>
    public static FfmpegOptions Default { get; } = new();

    private static bool IsDemuxerName(string name) =>
        !string.IsNullOrEmpty(name) && name.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_');
}
