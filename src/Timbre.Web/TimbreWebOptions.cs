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

    /// <summary>
    /// Folder that receives uploads while they arrive; the server deletes stale files in it at start (left by a
    /// killed server). Default <c>TEMP/timbre-uploads</c>; <c>timbre serve</c> uses one folder per catalog
    /// (<see cref="Uploads.UploadFolders.TempFolderFor"/>).
    /// </summary>
    public string TempDirectory { get; init; } = Path.Combine(Path.GetTempPath(), "timbre-uploads");

    /// <summary>Most songs one user may add to the library. Default 200.</summary>
    public int MaxUploadsPerUser { get; init; } = 200;

    /// <summary>Most bytes of songs one user may add to the library. Default 2 GB.</summary>
    public long MaxUploadBytesPerUser { get; init; } = 2L * 1024 * 1024 * 1024;

    /// <summary>Bytes of spectrogram images kept in memory (least recently used dropped first). Default 32 MB.</summary>
    public long SpectrogramCacheBytes { get; init; } = 32L * 1024 * 1024;

    /// <summary>Recommendations returned when the request does not say. Default 10.</summary>
    public int DefaultCount { get; init; } = 10;

    /// <summary>Largest number of recommendations a request may ask for. Default 100.</summary>
    public int MaxCount { get; init; } = 100;

    /// <summary>Request limits on sign-in and analysis. Default: <see cref="RateLimitOptions"/>'s defaults.</summary>
    public RateLimitOptions RateLimits { get; init; } = new();

    /// <summary>
    /// Certificate for HTTPS: a PKCS#12 (.pfx) file, or a PEM certificate when <see cref="HttpsKeyFile"/> is set.
    /// When set, every URL must be https://, cookies are Secure and Strict-Transport-Security is sent. Default none.
    /// </summary>
    public string? HttpsCertificateFile { get; init; }

    /// <summary>Password of the PKCS#12 file or of an encrypted PEM key; null when it has none.</summary>
    public string? HttpsCertificatePassword { get; init; }

    /// <summary>PEM private key of a PEM <see cref="HttpsCertificateFile"/>; null for PKCS#12.</summary>
    public string? HttpsKeyFile { get; init; }

    /// <summary>
    /// Thread-pool worker threads kept ready (<see cref="ThreadPool.SetMinThreads(int, int)"/>; raised, never lowered).
    /// Catalog reads and the index's search gate block their thread, and the pool adds threads only about twice a
    /// second when all are blocked: under a load burst every request then queued behind that ramp (the load test's
    /// 10 s timeouts on every route). Default 128.
    /// </summary>
    public int MinWorkerThreads { get; init; } = 128;

    /// <summary>Whether the server speaks HTTPS (a certificate is configured).</summary>
    public bool UsesHttps => HttpsCertificateFile is not null;

    /// <summary>Throws <see cref="InvalidOptionsException"/> when a value is out of range.</summary>
    public TimbreWebOptions Validate()
    {
        RateLimits.Validate();
        var schemes = Urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(u => u.StartsWith("https://", StringComparison.OrdinalIgnoreCase)).ToList();
        if (UsesHttps && schemes.Contains(false))
        {
            throw new InvalidOptionsException($"With an HTTPS certificate every URL must start with https:// (got '{Urls}'), so no cookie travels in clear.");
        }

        if (!UsesHttps && schemes.Contains(true))
        {
            throw new InvalidOptionsException($"An https:// URL needs a certificate (--https-cert FILE); got '{Urls}'.");
        }

        if (HttpsKeyFile is not null && HttpsCertificateFile is null)
        {
            throw new InvalidOptionsException("A PEM key (--https-key) needs its certificate (--https-cert).");
        }

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

        if (MaxUploadsPerUser < 0 || MaxUploadBytesPerUser < 0)
        {
            throw new InvalidOptionsException($"The per-user upload quota must be ≥ 0, got {MaxUploadsPerUser} files and {MaxUploadBytesPerUser} bytes.");
        }

        if (MinWorkerThreads < 1 || MinWorkerThreads > 4096)
        {
            throw new InvalidOptionsException($"The ready worker threads must be 1–4096, got {MinWorkerThreads}.");
        }

        if (SpectrogramCacheBytes < 0)
        {
            throw new InvalidOptionsException($"The spectrogram cache size must be ≥ 0 bytes, got {SpectrogramCacheBytes}.");
        }

        if (string.IsNullOrWhiteSpace(TempDirectory))
        {
            throw new InvalidOptionsException("A temp folder for uploads is required.");
        }

        if (string.IsNullOrWhiteSpace(Urls))
        {
            throw new InvalidOptionsException("At least one URL to listen on is required.");
        }

        return this;
    }
}
