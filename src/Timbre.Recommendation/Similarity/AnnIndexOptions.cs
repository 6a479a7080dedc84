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
    /// Candidates fetched from the graph per wanted hit, ≥ 1; default 2. They are re-scored exactly in float32 and the
    /// best k returned, so scores equal the exact index's and only a missed candidate can change a result. 2 makes up
    /// for int8 rounding in the graph's order (RecBench, 100k × 128-d clustered, int8, ef 40: recall@10 0.92 with 1,
    /// 0.96 with 2, no gain with 3).
    /// </summary>
    public int OverFetch { get; init; } = 2;

    /// <summary>
    /// Precision of the vectors a USearch graph keeps for navigation (our own engine always keeps int8); default <see cref="AnnPrecision.Int8"/>: a quarter of
    /// float32's memory and the fastest distances; each row is scaled by its own largest magnitude before rounding
    /// (cosine ignores the scale), and the exact float32 re-ranking makes up for the rounding.
    /// </summary>
    public AnnPrecision Precision { get; init; } = AnnPrecision.Int8;

    /// <summary>
    /// Threads inserting rows when a graph is built or takes a batch of 10 000 rows or more, ≥ 1; default the core
    /// count. 1 builds the same graph on every run; more threads build faster but not reproducibly.
    /// </summary>
    public int BuildThreads { get; init; } = Math.Max(1, Environment.ProcessorCount);

    /// <summary>
    /// Which HNSW implementation holds the graph; default <see cref="AnnEngine.Hnsw"/>, our own: RecBench (100k × 128-d
    /// clustered, one run) measured it at 1.9× hnswlib's queries per CPU-second at equal recall@10 (0.978) and 2.3×
    /// USearch's through its C library; 1M × 128-d: 1.6× hnswlib's at recall@10 ≥ 0.95 (ef 256).
    /// </summary>
    public AnnEngine Engine { get; init; } = AnnEngine.Hnsw;

    /// <summary>
    /// Navigate the graph by inner product instead of cosine; default false. The rows and queries are unit vectors,
    /// so both rank alike; the inner product skips the two norms per distance.
    /// </summary>
    public bool InnerProduct { get; init; }

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

        if (BuildThreads < 1)
        {
            throw new InvalidOptionsException($"BuildThreads must be >= 1, got {BuildThreads}.");
        }

        if (OverFetch < 1)
        {
            throw new InvalidOptionsException($"OverFetch must be >= 1, got {OverFetch}.");
        }

        return this;
    }
}

/// <summary>The HNSW implementation behind <see cref="AnnIndex"/>.</summary>
public enum AnnEngine
{
    /// <summary>USearch's C library (the Cloud.Unum.USearch package); <see cref="AnnIndexOptions.Precision"/> and <see cref="AnnIndexOptions.InnerProduct"/> apply.</summary>
    USearch,

    /// <summary>
    /// Our own HNSW (hnswlib's layout and neighbour heuristic) over int8 codes scaled per row, with AVX-512/AVX2
    /// distance kernels; always int8 cosine, built on <see cref="AnnIndexOptions.BuildThreads"/> threads (one: the
    /// same graph every run).
    /// </summary>
    Hnsw,
}

/// <summary>Precision of the vectors inside the HNSW graph (the exact re-ranking always uses the index's float32 rows).</summary>
public enum AnnPrecision
{
    /// <summary>32-bit floats: a second full copy of the vectors.</summary>
    Float32,

    /// <summary>16-bit IEEE half floats: half the memory of float32.</summary>
    Float16,

    /// <summary>8-bit integers (each row scaled to ±127 by its largest magnitude): a quarter of the memory.</summary>
    Int8,
}
