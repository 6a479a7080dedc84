using Timbre.Core.Errors;

namespace Timbre.Recommendation.Similarity;

/// <summary>
/// Options of <see cref="AnnIndex"/> (an HNSW graph from USearch with exact float32 re-ranking). Validated by
/// <see cref="Validate"/> when the index is built.
/// </summary>
public sealed record AnnIndexOptions
{
    /// <summary>Row count from which the product searches the approximate index instead of the exact one; default 50 000.</summary>
    public int Threshold { get; init; } = 50_000;

    /// <summary>Edges per node of the HNSW graph (M), 2..256; default 16. More edges: better recall, more memory.</summary>
    public int Connectivity { get; init; } = 16;

    /// <summary>Candidate list size while inserting (efConstruction), ≥ 1; default 128.</summary>
    public int ExpansionAdd { get; init; } = 128;

    /// <summary>Candidate list size while searching (ef), ≥ 1; default 64. Raised to the fetch size when that is larger.</summary>
    public int ExpansionSearch { get; init; } = 64;

    /// <summary>
    /// Candidates fetched from the graph per wanted hit, ≥ 1; default 4. They are re-scored exactly in float32 and the
    /// best k returned, so scores equal the exact index's and only a missed candidate can change a result.
    /// </summary>
    public int OverFetch { get; init; } = 4;

    /// <summary>
    /// Precision of the vectors the graph keeps for navigation; default <see cref="AnnPrecision.Float16"/> (half the
    /// memory of float32; the exact re-ranking makes up for the rounding).
    /// </summary>
    public AnnPrecision Precision { get; init; } = AnnPrecision.Float16;

    /// <summary>
    /// Where the product keeps the graph between runs (see <see cref="AnnIndex.ChooseFor"/>): opened memory-mapped
    /// when it matches the rows, saved after a build and after incremental changes; null (default) keeps it in memory only.
    /// </summary>
    public string? GraphFile { get; init; }

    /// <summary>Where the persisted graph says what it did (opened, rebuilt and why, saved); default standard error.</summary>
    public Action<string>? Log { get; init; }

    /// <summary>Delay before incremental changes are saved to <see cref="GraphFile"/> (changes within it share one save); default 5 s.</summary>
    public TimeSpan SaveDelay { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The default options.</summary>
    public static AnnIndexOptions Default { get; } = new();

    /// <summary>Throws <see cref="InvalidOptionsException"/> when a value is out of range.</summary>
    public AnnIndexOptions Validate()
    {
        if (Threshold < 1)
        {
            throw new InvalidOptionsException($"Threshold must be >= 1, got {Threshold}.");
        }

        if (Connectivity is < 2 or > 256)
        {
            throw new InvalidOptionsException($"Connectivity must be in 2..256, got {Connectivity}.");
        }

        if (ExpansionAdd < 1 || ExpansionSearch < 1)
        {
            throw new InvalidOptionsException($"ExpansionAdd and ExpansionSearch must be >= 1, got {ExpansionAdd} and {ExpansionSearch}.");
        }

        if (OverFetch < 1)
        {
            throw new InvalidOptionsException($"OverFetch must be >= 1, got {OverFetch}.");
        }

        return this;
    }
}

/// <summary>Precision of the vectors inside the HNSW graph (the exact re-ranking always uses float32).</summary>
public enum AnnPrecision
{
    /// <summary>32-bit floats: a second full copy of the vectors.</summary>
    Float32,

    /// <summary>16-bit IEEE half floats: half the memory of float32.</summary>
    Float16,

    /// <summary>8-bit integers: a quarter of the memory; coarser navigation.</summary>
    Int8,
}
