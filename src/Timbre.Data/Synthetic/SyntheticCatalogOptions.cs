using Timbre.Core.Errors;

namespace Timbre.Data.Synthetic;

/// <summary>Settings of <see cref="SyntheticCatalog"/>: sizes, seed and the analysis set to write.</summary>
public sealed record SyntheticCatalogOptions
{
    /// <summary>Largest number of tracks, users or genres accepted.</summary>
    public const int MaxTracks = 20_000_000;

    /// <summary>Tracks to write, 1–<see cref="MaxTracks"/>. Default 1000.</summary>
    public int Tracks { get; init; } = 1000;

    /// <summary>Embedding length, 1–4096. Default 357 (the summary analyzer's).</summary>
    public int Dimension { get; init; } = 357;

    /// <summary>Users to create (without a password: they cannot sign in), 0–1000000. Default 100.</summary>
    public int Users { get; init; } = 100;

    /// <summary>Seed of every random choice; the same seed and options give the same catalog. Default 1.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Genres (one Gaussian cluster each), 1–<see cref="SyntheticNames.GenreNames"/>.Count. Default 10.</summary>
    public int Genres { get; init; } = 10;

    /// <summary>Model id of the analysis set; "summary" is what <c>timbre serve --model summary</c> reads. Required.</summary>
    public required string ModelId { get; init; }

    /// <summary>Feature version of the analysis set (the analyzer's). Required.</summary>
    public required int FeatureVersion { get; init; }

    /// <summary>
    /// Whether each analysis carries genre probabilities over the genre names (a classifier's output). The summary
    /// analyzer has no classifier, so its set must have none. Default false.
    /// </summary>
    public bool WithGenreProbabilities { get; init; }

    /// <summary>
    /// Maps a cluster sample to an embedding the analyzer could produce (e.g. no negative standard deviations), or
    /// null to store the samples as they are.
    /// </summary>
    public Func<float[], float[]>? Conform { get; init; }

    /// <summary>
    /// Summary features stored with each embedding (e.g. the summary analyzer's inverse scaling), or null for none.
    /// Every analysis of one set must have the same summary length as the analyzer writes for real files.
    /// </summary>
    public Func<float[], float[]>? SummaryOf { get; init; }

    /// <summary>Mean interactions per user; counts follow a power law (a few heavy users), ≥ 1. Default 30.</summary>
    public double MeanInteractionsPerUser { get; init; } = 30;

    /// <summary>
    /// Folder where real WAV files are written for the first <see cref="AudioFiles"/> tracks (so audio requests have
    /// something to serve), or null to write none: then no path exists on disk.
    /// </summary>
    public string? AudioDirectory { get; init; }

    /// <summary>Real WAV files written into <see cref="AudioDirectory"/>, 0–1000. Default 8.</summary>
    public int AudioFiles { get; init; } = 8;

    /// <summary>Folder the fake track paths start with. Default "/synthetic".</summary>
    public string PathRoot { get; init; } = "/synthetic";

    /// <summary>Tracks or interactions written per transaction, 1–100000. Default 5000.</summary>
    public int BatchSize { get; init; } = 5000;

    /// <summary>Throws <see cref="InvalidOptionsException"/> naming the first value out of range.</summary>
    public SyntheticCatalogOptions Validate()
    {
        static void Check(bool ok, string message)
        {
            if (!ok)
            {
                throw new InvalidOptionsException(message);
            }
        }

        Check(Tracks is >= 1 and <= MaxTracks, $"--tracks must be 1–{MaxTracks}, got {Tracks}.");
        Check(Dimension is >= 1 and <= 4096, $"--dim must be 1–4096, got {Dimension}.");
        Check(Users is >= 0 and <= 1_000_000, $"--users must be 0–1000000, got {Users}.");
        Check(Genres >= 1 && Genres <= SyntheticNames.GenreNames.Count, $"--genres must be 1–{SyntheticNames.GenreNames.Count}, got {Genres}.");
        Check(!string.IsNullOrWhiteSpace(ModelId), "The model id must not be empty.");
        Check(MeanInteractionsPerUser >= 1 && double.IsFinite(MeanInteractionsPerUser), $"Mean interactions per user must be ≥ 1, got {MeanInteractionsPerUser}.");
        Check(AudioFiles is >= 0 and <= 1000, $"Audio files must be 0–1000, got {AudioFiles}.");
        Check(BatchSize is >= 1 and <= 100_000, $"Batch size must be 1–100000, got {BatchSize}.");
        Check(!string.IsNullOrWhiteSpace(PathRoot), "The path root must not be empty.");
        return this;
    }
}
