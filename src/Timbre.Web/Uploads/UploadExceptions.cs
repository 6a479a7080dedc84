using Timbre.Core.Errors;

namespace Timbre.Web.Uploads;

/// <summary>The upload is larger than <see cref="TimbreWebOptions.MaxUploadBytes"/> (answered with 413).</summary>
public sealed class UploadTooLargeException(long limitBytes)
    : TimbreException($"The file is larger than the {limitBytes / (1024.0 * 1024.0):0.#} MB this server accepts.")
{
    /// <summary>The limit that was exceeded, in bytes.</summary>
    public long LimitBytes { get; } = limitBytes;
}

/// <summary>The upload is not a file type the app analyses (answered with 415).</summary>
public sealed class UnsupportedUploadException(string message) : TimbreException(message);

/// <summary>Too many analyses are waiting; the client should try again later (answered with 503).</summary>
public sealed class AnalysisQueueFullException(string message) : TimbreException(message);
