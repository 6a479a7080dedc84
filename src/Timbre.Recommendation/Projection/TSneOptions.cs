namespace Timbre.Recommendation.Projection;

/// <summary>
/// Settings of <see cref="TSne"/> (van der Maaten and Hinton 2008; Barnes–Hut: van der Maaten 2014). The defaults are
/// scikit-learn's: perplexity 30, early exaggeration 12 for the first 250 iterations, momentum 0.5 then 0.8, learning
/// rate "auto" = max(n / 12 / 4, 50), θ = 0.5. From <see cref="ApproximateFrom"/> points the layout follows openTSNE's
/// and FIt-SNE's large-n recipe instead: approximate neighbours, a start from the first two (PCA) coordinates and
/// <see cref="LargeIterations"/> iterations.
/// </summary>
public sealed record TSneOptions
{
    /// <summary>Effective number of neighbours each point's Gaussian is fitted to (clamped to (n − 1) / 3).</summary>
    public double Perplexity { get; init; } = 30;

    /// <summary>Gradient-descent iterations in all.</summary>
    public int Iterations { get; init; } = 1000;

    /// <summary>Iterations at the start with the affinities multiplied by <see cref="EarlyExaggeration"/>.</summary>
    public int ExaggerationIterations { get; init; } = 250;

    /// <summary>Factor on the affinities during the first <see cref="ExaggerationIterations"/>.</summary>
    public double EarlyExaggeration { get; init; } = 12;

    /// <summary>Step size; 0 = automatic, max(n / <see cref="EarlyExaggeration"/> / 4, 50).</summary>
    public double LearningRate { get; init; }

    /// <summary>Barnes–Hut opening angle (≤ 0.7): a cell is summarised by its centre of mass when size / distance is below it.</summary>
    public double Theta { get; init; } = 0.5;

    /// <summary>Up to this many points the repulsion is summed exactly (O(n²) per iteration), above it by Barnes–Hut.</summary>
    public int ExactUpTo { get; init; } = 2000;

    /// <summary>
    /// From this many points each point's 3·perplexity nearest neighbours come from an HNSW graph (one build, then an
    /// exact re-score of the candidates; see <c>ApproximateNeighbours</c>) instead of an exact O(n²) search, the layout
    /// starts from the rows' first two coordinates (σ = 1e-4; the PCA axes when called through
    /// <see cref="LibraryProjection"/>, as openTSNE and Kobak and Berens 2019 advise for large n) instead of random
    /// offsets, and runs <see cref="LargeIterations"/> iterations. Default 50 000 (the similarity index's own
    /// approximate threshold): below it every map is bit-identical to the exact layout's; the exact search costs
    /// ≈ n² / 2 distances (100 k: 5·10⁹), the graph ≈ n·log n.
    /// </summary>
    public int ApproximateFrom { get; init; } = 50_000;

    /// <summary>Candidates the graph proposes per wanted neighbour (≥ 1), re-scored exactly; default 3 (see docs/cluster.md for the recall measured).</summary>
    public int NeighbourCandidates { get; init; } = 3;

    /// <summary>
    /// Iterations in all from <see cref="ApproximateFrom"/> points; default 750, openTSNE's and FIt-SNE's 250 with
    /// exaggeration + 500 (with the learning rate n / 12 per unit gradient, as here, Belkina et al. 2019 and Linderman
    /// et al. 2019 find large layouts converged by then). Each costs a Barnes–Hut pass, O(n log n).
    /// </summary>
    public int LargeIterations { get; init; } = 750;

    /// <summary>Seed of the random start (below <see cref="ApproximateFrom"/>) or of its small offsets and of the neighbour graph (from it): same seed and input, same map.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> on a value out of range; returns this.</summary>
    public TSneOptions Validate()
    {
        if (!(Perplexity >= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(Perplexity), Perplexity, "Perplexity must be at least 1.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(Iterations, 1, nameof(Iterations));
        ArgumentOutOfRangeException.ThrowIfNegative(ExaggerationIterations, nameof(ExaggerationIterations));
        if (!(EarlyExaggeration >= 1) || !(LearningRate >= 0) || !(Theta >= 0 && Theta <= 0.7))
        {
            throw new ArgumentOutOfRangeException(nameof(EarlyExaggeration), "Early exaggeration must be ≥ 1, learning rate ≥ 0, θ in [0, 0.7].");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(ExactUpTo, nameof(ExactUpTo));
        ArgumentOutOfRangeException.ThrowIfLessThan(ApproximateFrom, 4, nameof(ApproximateFrom));
        ArgumentOutOfRangeException.ThrowIfLessThan(NeighbourCandidates, 1, nameof(NeighbourCandidates));
        ArgumentOutOfRangeException.ThrowIfLessThan(LargeIterations, 1, nameof(LargeIterations));
        return this;
    }
}
