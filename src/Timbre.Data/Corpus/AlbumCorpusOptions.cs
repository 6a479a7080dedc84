using Timbre.Core.Errors;
using Timbre.Data.Corpus.Styles;

namespace Timbre.Data.Corpus;

/// <summary>Settings of <see cref="AlbumCorpusGenerator"/>: a generated library laid out as Artist/Album/track.</summary>
public sealed record AlbumCorpusOptions
{
    /// <summary>Output directory (created). Required.</summary>
    public required string OutputDirectory { get; init; }

    /// <summary>Albums, 1–1000. Default 8.</summary>
    public int Albums { get; init; } = 8;

    /// <summary>Tracks per album, 1–200. Default 8.</summary>
    public int TracksPerAlbum { get; init; } = 8;

    /// <summary>Albums per artist, 1–100 (the last artist may have fewer). An artist's albums share a genre. Default 2.</summary>
    public int AlbumsPerArtist { get; init; } = 2;

    /// <summary>Genres dealt to the artists in turn (names in <see cref="GenreStyles.All"/>). Default: the ten GTZAN genres.</summary>
    public IReadOnlyList<string> Genres { get; init; } = CorpusPresets.Gtzan;

    /// <summary>Track length in seconds, (0, 600]. Default 30.</summary>
    public double Seconds { get; init; } = 30;

    /// <summary>Library seed; album styles and tracks derive from it. Default 0.</summary>
    public ulong Seed { get; init; }

    /// <summary>Output sample rate in Hz, 8000–96000. Default 22050.</summary>
    public int SampleRate { get; init; } = 22050;

    /// <summary>Tracks rendered at once, ≥ 1. Default <see cref="Environment.ProcessorCount"/>.</summary>
    public int Parallelism { get; init; } = Environment.ProcessorCount;

    /// <summary>Peak level after normalisation, (0, 1]. Default 0.891 (−1 dBFS).</summary>
    public float PeakLevel { get; init; } = 0.891f;

    /// <summary>Throws <see cref="InvalidOptionsException"/> when a value is out of range or a genre is unknown.</summary>
    public AlbumCorpusOptions Validate()
    {
        if (string.IsNullOrWhiteSpace(OutputDirectory))
        {
            throw new InvalidOptionsException("The library output directory must be given.");
        }

        if (Albums is < 1 or > 1000 || TracksPerAlbum is < 1 or > 200 || AlbumsPerArtist is < 1 or > 100)
        {
            throw new InvalidOptionsException($"Albums must be 1–1000, tracks per album 1–200 and albums per artist 1–100; got {Albums}, {TracksPerAlbum}, {AlbumsPerArtist}.");
        }

        if (Genres.Count == 0)
        {
            throw new InvalidOptionsException("Give at least one genre.");
        }

        foreach (string genre in Genres)
        {
            GenreStyles.Get(genre);
        }

        // The rest as the genre corpus checks them.
        new CorpusGeneratorOptions
        {
            OutputDirectory = OutputDirectory, Genres = [Genres[0]], Seconds = Seconds, SampleRate = SampleRate, Parallelism = Parallelism, PeakLevel = PeakLevel,
        }.Validate();
        return this;
    }
}
