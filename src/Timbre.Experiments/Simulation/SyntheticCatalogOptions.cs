using Timbre.Core.Errors;

namespace Timbre.Experiments.Simulation;

/// <summary>Options of <see cref="SyntheticCatalog"/>.</summary>
public sealed record SyntheticCatalogOptions
{
    /// <summary>Number of genres; default 10.</summary>
    public int Genres { get; init; } = 10;

    /// <summary>Tracks per genre; default 50.</summary>
    public int TracksPerGenre { get; init; } = 50;

    /// <summary>Embedding size; default 32.</summary>
    public int Dimension { get; init; } = 32;

    /// <summary>Standard deviation of a track around its genre centre (centres have unit-variance coordinates); default 1.3 (clusters overlap a little).</summary>
    public double Spread { get; init; } = 1.3;

    /// <summary>Softmax temperature turning distances to centres into genre probabilities (lower = more peaked); default 12.</summary>
    public double Temperature { get; init; } = 12;

    /// <summary>Tracks per artist; default 5.</summary>
    public int TracksPerArtist { get; init; } = 5;

    /// <summary>Random seed; default 1.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Feature version key of the generated tracks; default "synthetic-1".</summary>
    public string FeatureVersion { get; init; } = "synthetic-1";

    /// <summary>The defaults.</summary>
    public static SyntheticCatalogOptions Default { get; } = new();

    /// <summary>Throws <see cref="InvalidOptionsException"/> on out-of-range values.</summary>
    public SyntheticCatalogOptions Validate()
    {
        if (Genres < 1 || TracksPerGenre < 1 || Dimension < 1 || !(Spread >= 0) || !(Temperature > 0) || TracksPerArtist < 1)
        {
            throw new InvalidOptionsException("Synthetic catalog needs positive counts, Spread >= 0 and Temperature > 0.");
        }

        return this;
    }
}
