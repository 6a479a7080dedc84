using Timbre.Core.Analysis;
using Timbre.Core.Audio;
using Timbre.Core.Errors;

namespace Timbre.Web.Catalog;

/// <summary>Settings of <see cref="CatalogBackend"/>.</summary>
public sealed record CatalogBackendOptions
{
    /// <summary>Seconds of audio the spectrogram image covers, from the start (only these are decoded). Default 30.</summary>
    public double SpectrogramSeconds { get; init; } = 30;

    /// <summary>Sample rate the spectrogram is computed at (Hz). Default 22050.</summary>
    public int SpectrogramSampleRate { get; init; } = 22050;

    /// <summary>Mel bands of the spectrogram image. Default 96.</summary>
    public int SpectrogramMelBands { get; init; } = 96;

    /// <summary>How much of an upload is decoded and analysed. Default <see cref="AnalysisWindowOptions.Default"/>
    /// (the whole track up to 10 minutes, a longer one as excerpts summing to 10 minutes).</summary>
    public AnalysisWindowOptions AnalysisWindow { get; init; } = AnalysisWindowOptions.Default;

    /// <summary>
    /// Analyzers of the other sets a fused embedding space needs for uploads, beside the served model (summary sets
    /// are built in and need none here). Default none.
    /// </summary>
    public IReadOnlyList<ITrackAnalyzer> SpaceAnalyzers { get; init; } = [];

    /// <summary>
    /// How often, at most, a request checks whether another process (a running <c>timbre scan</c>) committed to the
    /// catalog (<see cref="Timbre.Core.Catalog.ICatalogHealth.ChangeVersion"/>); the recommendation snapshot is rebuilt
    /// only when it did. Zero checks on every request. Default 1 s.
    /// </summary>
    public TimeSpan ChangeCheckInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How many read-only connections serve library pages, track lookups and sessions beside the writer, when the
    /// backend is given a reader factory. Zero sends every call through the writer. Default 4.
    /// </summary>
    public int ReaderConnections { get; init; } = 4;

    /// <summary>
    /// How long a search or genre-filtered library page (which reads the whole catalog; one runs at a time) waits for
    /// the one running before it is refused with 503. Default 1 s.
    /// </summary>
    public TimeSpan CatalogScanWait { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Folder keeping the approximate-search graph of a large catalog between runs (<c>timbre serve</c> uses
    /// <c>CATALOG.ann</c>); see <see cref="Timbre.Recommendation.Catalog.CatalogLoadOptions.GraphDirectory"/>. The serving
    /// snapshot file is kept there too (<see cref="Timbre.Recommendation.Catalog.SnapshotFile"/>): a start maps it instead
    /// of reading every analysis, and tags are read from the catalog per shown row. Null: in memory only.
    /// </summary>
    public string? GraphDirectory { get; init; }

    /// <summary>Where the persisted graph reports what it did (opened, rebuilt and why); null = standard error.</summary>
    public Action<string>? GraphLog { get; init; }

    /// <summary>
    /// Where the library map is cached (<c>CATALOG.map.json</c> from <see cref="Timbre.App.Map.LibraryMaps.CacheFileFor"/>);
    /// null keeps it in memory only.
    /// </summary>
    public string? MapCacheFile { get; init; }

    /// <summary>
    /// The cluster's sharded index (<c>timbre serve --cluster</c>): similar songs, uploads, users' recommendations,
    /// paths, "more like these" and pages' predicted genres go there (cf and hybrid too when it is also an
    /// <c>ISharedCollaborative</c>), and the server loads its recommendation snapshot (the whole index) only for what
    /// still needs it (docs/cluster.md lists it). Null (default): everything from the snapshot in this process.
    /// </summary>
    public Timbre.App.SharedIndex.ISharedIndex? SharedIndex { get; init; }

    /// <summary>
    /// The job that computes the library map elsewhere and stores it in the catalog (<c>timbre serve --cluster</c>:
    /// one silo for every front-end). With it the map is read from the catalog and this server never loads its
    /// snapshot for it; null (default): the map of this server's snapshot, stored in the catalog when computed here.
    /// </summary>
    public Timbre.App.Map.IMapLayoutJob? MapJob { get; init; }

    /// <summary>Throws <see cref="InvalidOptionsException"/> when a value is out of range.</summary>
    public CatalogBackendOptions Validate()
    {
        if (!(SpectrogramSeconds > 0 && SpectrogramSeconds <= 600))
        {
            throw new InvalidOptionsException($"Spectrogram seconds must be in (0, 600], got {SpectrogramSeconds}.");
        }

        if (SpectrogramSampleRate < 8000 || SpectrogramMelBands < 8)
        {
            throw new InvalidOptionsException("Spectrogram sample rate must be ≥ 8000 Hz and mel bands ≥ 8.");
        }

        if (ChangeCheckInterval < TimeSpan.Zero || ChangeCheckInterval > TimeSpan.FromHours(1))
        {
            throw new InvalidOptionsException($"Change check interval must be 0–1 h, got {ChangeCheckInterval}.");
        }

        if (CatalogScanWait < TimeSpan.Zero || CatalogScanWait > TimeSpan.FromMinutes(10))
        {
            throw new InvalidOptionsException($"Catalog scan wait must be 0–10 min, got {CatalogScanWait}.");
        }

        if (ReaderConnections is < 0 or > 64)
        {
            throw new InvalidOptionsException($"Reader connections must be 0–64, got {ReaderConnections}.");
        }

        return this;
    }
}
