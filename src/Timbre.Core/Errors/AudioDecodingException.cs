namespace Timbre.Core.Errors;

/// <summary>A file could not be decoded as audio. The message names the file and the reason.</summary>
public sealed class AudioDecodingException : TimbreException
{
    /// <summary>Creates the exception for <paramref name="path"/>.</summary>
    public AudioDecodingException(string path, string reason, Exception? inner = null)
        : base($"{path}: {reason}", inner)
    {
        Path = path;
        Reason = reason;
    }

    /// <summary>The file that failed.</summary>
    public string Path { get; }

    /// <summary>Why it failed, without the path.</summary>
    public string Reason { get; }
}
