namespace Timbre.Core.Errors;

/// <summary>
/// A file could not be decoded as audio. <see cref="Kind"/> is the category a client may be told; <see cref="Detail"/>
/// (the decoder's own words, possibly quoting ffmpeg and paths) is for logs and local users only. The message names
/// the file, the kind and the detail.
/// </summary>
public sealed class AudioDecodingException : TimbreException
{
    /// <summary>Creates the exception for <paramref name="path"/>.</summary>
    public AudioDecodingException(string path, AudioFailure kind, string? detail = null, Exception? inner = null)
        : base($"{path}: {Compose(kind, detail)}", inner)
    {
        Path = path;
        Kind = kind;
        Detail = string.IsNullOrWhiteSpace(detail) ? null : detail;
    }

    /// <summary>
    /// Re-labels a failure under another name (e.g. an upload's original name): the kind is the inner
    /// <see cref="AudioDecodingException"/>'s, else <see cref="AudioFailure.Corrupt"/>; <paramref name="reason"/> is the detail.
    /// </summary>
    public AudioDecodingException(string path, string reason, Exception? inner = null)
        : this(path, (inner as AudioDecodingException)?.Kind ?? AudioFailure.Corrupt, reason, inner)
    {
    }

    /// <summary>The file that failed.</summary>
    public string Path { get; }

    /// <summary>Why it failed, as a fixed category.</summary>
    public AudioFailure Kind { get; }

    /// <summary>Specifics for logs (the decoder's or tool's words), or null.</summary>
    public string? Detail { get; }

    /// <summary>Why it failed, without the path: the kind's text, then the detail when there is one.</summary>
    public string Reason => Compose(Kind, Detail);

    private static string Compose(AudioFailure kind, string? detail)
    {
        var text = AudioFailures.Describe(kind);
        if (string.IsNullOrWhiteSpace(detail) || detail == text)
        {
            return text;
        }

        return detail.StartsWith(text + ": ", StringComparison.Ordinal) ? detail : $"{text}: {detail}";
    }
}
