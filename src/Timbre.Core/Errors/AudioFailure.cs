namespace Timbre.Core.Errors;

/// <summary>Why a file could not be decoded, as a fixed category a client may be told (the tool's own words are not).</summary>
public enum AudioFailure
{
    /// <summary>No file at the path.</summary>
    NotFound,

    /// <summary>A directory, FIFO, device or socket: only regular files are decoded.</summary>
    NotAFile,

    /// <summary>Zero bytes.</summary>
    Empty,

    /// <summary>The file exists but cannot be opened or read (permissions, I/O error).</summary>
    Unreadable,

    /// <summary>Not a recognised audio container, or one that is refused (playlists, concat scripts, images, video, …).</summary>
    NotAudio,

    /// <summary>An audio container whose encoding or parameters this server does not decode.</summary>
    UnsupportedFormat,

    /// <summary>A recognised audio file whose data is damaged, truncated or contradicts its header.</summary>
    Corrupt,

    /// <summary>A well-formed file that holds no audio samples.</summary>
    NoSamples,

    /// <summary>More audio than one decode may return.</summary>
    TooLong,

    /// <summary>The decoder ran past its time limit and was stopped.</summary>
    Timeout,

    /// <summary>The external decoder (ffmpeg/ffprobe) is missing or cannot be started: a server problem.</summary>
    ToolMissing,
}

/// <summary>Fixed texts of <see cref="AudioFailure"/>.</summary>
public static class AudioFailures
{
    /// <summary>One short phrase per kind, with no file names, paths or tool output: safe to show anyone.</summary>
    public static string Describe(AudioFailure kind) => kind switch
    {
        AudioFailure.NotFound => "file not found",
        AudioFailure.NotAFile => "not a regular file",
        AudioFailure.Empty => "the file is empty",
        AudioFailure.Unreadable => "the file cannot be read",
        AudioFailure.NotAudio => "not an audio file (unrecognised or refused format)",
        AudioFailure.UnsupportedFormat => "an audio encoding this server does not decode",
        AudioFailure.Corrupt => "the audio data is damaged or truncated",
        AudioFailure.NoSamples => "the file holds no audio samples",
        AudioFailure.TooLong => "the audio is longer than one decode may return",
        AudioFailure.Timeout => "decoding took too long and was stopped",
        AudioFailure.ToolMissing => "the audio decoder (ffmpeg) is not available",
        _ => "the file could not be decoded",
    };
}
