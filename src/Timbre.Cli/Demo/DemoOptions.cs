using Timbre.Core.Errors;
using Timbre.Data.Corpus.Styles;

namespace Timbre.Cli.Demo;

/// <summary>Settings of <c>timbre demo</c>. Validated by <see cref="Validate"/>.</summary>
internal sealed record DemoOptions
{
    /// <summary>Where the library, feature cache, model, catalog and images go (re-runs reuse what is there). Default data/demo.</summary>
    public string OutputDirectory { get; init; } = Path.Combine("data", "demo");

    /// <summary>The user's music folder (its genre tags train the model); null = generate OUT/library.</summary>
    public string? Library { get; init; }

    /// <summary>The library's sub-folders are genre labels (a genre corpus, not Artist/Album folders). Default false.</summary>
    public bool GenreFolders { get; init; }

    /// <summary>A trained model package or 'summary'; null = train (or reuse) OUT/model on the library.</summary>
    public string? Model { get; init; }

    /// <summary>Genres of the generated library. Default: the 10 GTZAN genres.</summary>
    public IReadOnlyList<string> Genres { get; init; } = CorpusPresets.Gtzan;

    /// <summary>Generated tracks per genre. Default 20 (≈ 80 % held-out accuracy; 8 gave ≈ 50 %).</summary>
    public int PerGenre { get; init; } = 20;

    /// <summary>Length of each generated track in seconds. Default 15.</summary>
    public double Seconds { get; init; } = 15;

    /// <summary>Model kind trained by the demo. Default mlp (357-d summary vectors: trains in seconds on 2 cores).</summary>
    public string ModelKind { get; init; } = "mlp";

    /// <summary>Maximum training epochs (early stopping on the validation tracks). Default 150.</summary>
    public int Epochs { get; init; } = 150;

    /// <summary>Early stopping: epochs without a better validation loss. Default 20.</summary>
    public int Patience { get; init; } = 20;

    /// <summary>
    /// With --library: wall-time budget in minutes (decoding included) of the contrastive encoder the demo trains on
    /// the library before scanning; 0 = never; null (default) = <see cref="DefaultLearnMinutes"/> when the library has
    /// at least <see cref="MinLearnTracks"/> files, else none. An explicit budget trains on any library.
    /// </summary>
    public double? LearnMinutes { get; init; }

    /// <summary>The default budget of the contrastive encoder: 10 minutes (the demo should not take an hour).</summary>
    public const double DefaultLearnMinutes = 10;

    /// <summary>Fewest files of a library the encoder trains on by default. Default 50 (fewer give too few negatives).</summary>
    public int MinLearnTracks { get; init; } = 50;

    /// <summary>Most seconds of each track the encoder keeps in memory (evenly spaced excerpts). Default 240.</summary>
    public double MaxLearnTrackSeconds { get; init; } = 240;

    /// <summary>Addresses the web app listens on.</summary>
    public string Urls { get; init; } = "http://127.0.0.1:5000";

    /// <summary>Whether to start the web app at the end (until Ctrl-C).</summary>
    public bool Serve { get; init; } = true;

    /// <summary>Corpus and training seed. Default 7.</summary>
    public ulong Seed { get; init; } = 7;

    /// <summary>Throws <see cref="InvalidOptionsException"/> for a bad setting.</summary>
    public DemoOptions Validate()
    {
        if (Seconds is < 2 or > 60)
        {
            throw new InvalidOptionsException($"--seconds must be within 2 … 60, got {Seconds}.");
        }

        if (PerGenre is < 2 or > 200)
        {
            throw new InvalidOptionsException($"--per-genre must be within 2 … 200, got {PerGenre}.");
        }

        if (Genres.Count < 2)
        {
            throw new InvalidOptionsException("--genres needs at least 2 genres.");
        }

        if (Library is not null && !Directory.Exists(Library))
        {
            throw new TimbreException($"--library folder '{Library}' does not exist.");
        }

        if (Epochs is < 1 or > 10_000)
        {
            throw new InvalidOptionsException($"--epochs must be within 1 … 10000, got {Epochs}.");
        }

        if (LearnMinutes is { } learn && (double.IsNaN(learn) || learn < 0 || learn > 24 * 60))
        {
            throw new InvalidOptionsException($"--learn-minutes must be within 0 … 1440, got {learn}.");
        }

        if (LearnMinutes is > 0 && Library is null)
        {
            throw new InvalidOptionsException("--learn-minutes needs --library: the contrastive encoder learns from your music.");
        }

        return this;
    }

    /// <summary>Absolute output folder.</summary>
    public string Root => Path.GetFullPath(OutputDirectory);

    /// <summary>The library folder the demo uses.</summary>
    public string LibraryDirectory => Library is null ? Path.Combine(Root, "library") : Path.GetFullPath(Library);

    /// <summary>The demo's catalog.</summary>
    public string CatalogPath => Path.Combine(Root, "timbre.db");

    /// <summary>Where the demo trains its model.</summary>
    public string ModelDirectory => Path.Combine(Root, "model");

    /// <summary>Where the demo trains the contrastive encoder of a --library.</summary>
    public string ContrastiveDirectory => Path.Combine(Root, "contrastive");
}
