using Timbre.Core.Errors;
using Timbre.Data.Corpus.Styles;

namespace Timbre.Data.Corpus;

/// <summary>Settings of <see cref="CorpusGenerator"/>.</summary>
public sealed record CorpusGeneratorOptions
{
    /// <summary>Output directory (created). Required.</summary>
    public required string OutputDirectory { get; init; }

    /// <summary>Genres to generate (names in <see cref="GenreStyles.All"/>). Default: the ten GTZAN genres.</summary>
    public IReadOnlyList<string> Genres { get; init; } = CorpusPresets.Gtzan;

    /// <summary>Clips per genre, 1–100000. Default 100.</summary>
    public int PerGenre { get; init; } = 100;

    /// <summary>Clip length in seconds, (0, 600]. Default 30.</summary>
    public double Seconds { get; init; } = 30;

    /// <summary>Corpus seed; each clip's seed is derived from it, the genre and the clip index. Default 0.</summary>
    public ulong Seed { get; init; }

    /// <summary>Output sample rate in Hz, 8000–96000. Default 22050.</summary>
    public int SampleRate { get; init; } = 22050;

    /// <summary>Clips rendered at once, ≥ 1. Default <see cref="Environment.ProcessorCount"/>.</summary>
    public int Parallelism { get; init; } = Environment.ProcessorCount;

    /// <summary>Peak level after normalisation, (0, 1]. Default 0.891 (−1 dBFS).</summary>
    public float PeakLevel { get; init; } = 0.891f;

    /// <summary>Throws <see cref="InvalidOptionsException"/> when a value is out of range or a genre is unknown.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(OutputDirectory))
        {
            throw new InvalidOptionsException("The corpus output directory must be given.");
        }

        if (Genres.Count == 0 || Genres.Distinct(StringComparer.OrdinalIgnoreCase).Count() != Genres.Count)
        {
            throw new InvalidOptionsException("Give at least one genre, each at most once.");
        }

        foreach (string genre in Genres)
        {
            GenreStyles.Get(genre);
        }

        if (PerGenre is < 1 or > 100_000)
        {
            throw new InvalidOptionsException($"Clips per genre must be 1–100000, got {PerGenre}.");
        }

        if (Seconds is <= 0 or > 600 || double.IsNaN(Seconds))
        {
            throw new InvalidOptionsException($"Clip length must be in (0, 600] seconds, got {Seconds}.");
        }

        if (SampleRate is < 8000 or > 96000)
        {
            throw new InvalidOptionsException($"Sample rate must be 8000–96000 Hz, got {SampleRate}.");
        }

        if (Parallelism < 1)
        {
            throw new InvalidOptionsException($"Parallelism must be at least 1, got {Parallelism}.");
        }

        if (PeakLevel is <= 0 or > 1)
        {
            throw new InvalidOptionsException($"Peak level must be in (0, 1], got {PeakLevel}.");
        }
    }
}
