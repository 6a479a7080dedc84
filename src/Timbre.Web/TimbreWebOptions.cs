using Timbre.Core.Errors;

namespace Timbre.Web;

/// <summary>Settings of the web app (<c>timbre serve</c>). Defaults suit a personal library on one machine.</summary>
public sealed record TimbreWebOptions
{
    /// <summary>Addresses to listen on. Default <c>http://127.0.0.1:5000</c> (this machine only).</summary>
    public string Urls { get; init; } = "http://127.0.0.1:5000";

    /// <summary>Largest accepted upload in bytes. Default 50 MB.</summary>
    public long MaxUploadBytes { get; init; } = 50L * 1024 * 1024;

    /// <summary>Analyses running at once; further uploads wait in a queue. Default 2.</summary>
    public int MaxConcurrentAnalyses { get; init; } = 2;

    /// <summary>How long an upload waits for an analysis slot before 503. Default 120 s.</summary>
    public TimeSpan AnalysisQueueTimeout { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>Folder where uploads added to the library are stored; null disables "add to library".</summary>
    public string? LibraryDirectory { get; init; }

    /// <summary>Folder for temporary upload files. Default: the system temp folder.</summary>
    public string TempDirectory { get; init; } = Path.GetTempPath();

    /// <summary>Recommendations returned when the request does not say. Default 10.</summary>
    public int DefaultCount { get; init; } = 10;

    /// <summary>Largest number of recommendations a request may ask for. Default 100.</summary>
    public int MaxCount { get; init; } = 100;

    /// <summary>Throws <see cref="InvalidOptionsException"/> when a value is out of range.</summary>
    public TimbreWebOptions Validate()
    {
        if (MaxUploadBytes < 1024)
        {
            throw new InvalidOptionsException($"The upload limit must be at least 1 KB, got {MaxUploadBytes} bytes.");
        }

        if (MaxConcurrentAnalyses < 1)
        {
            throw new InvalidOptionsException($"At least one analysis must be allowed at once, got {MaxConcurrentAnalyses}.");
        }

        if (AnalysisQueueTimeout <= TimeSpan.Zero)
        {
            throw new InvalidOptionsException("The analysis queue timeout must be positive.");
        }

        if (DefaultCount < 1 || DefaultCount > MaxCount)
        {
            throw new InvalidOptionsException($"The default count must be 1–{MaxCount}, got {DefaultCount}.");
        }

        if (string.IsNullOrWhiteSpace(Urls))
        {
            throw new InvalidOptionsException("At least one URL to listen on is required.");
        }

        return this;
    }
}
