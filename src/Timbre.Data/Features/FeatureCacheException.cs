using Timbre.Core.Errors;

namespace Timbre.Data.Features;

/// <summary>A feature cache file is missing, corrupt, truncated, of another format or built for other parameters.</summary>
public sealed class FeatureCacheException : TimbreException
{
    /// <summary>Creates the exception for <paramref name="path"/>.</summary>
    public FeatureCacheException(string path, string reason, Exception? inner = null)
        : base($"{path}: {reason}", inner)
    {
        Path = path;
        Reason = reason;
    }

    /// <summary>The cache file.</summary>
    public string Path { get; }

    /// <summary>Why it cannot be used.</summary>
    public string Reason { get; }
}
