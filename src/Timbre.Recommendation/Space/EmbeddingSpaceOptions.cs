using Timbre.Core.Errors;
using Timbre.Recommendation.Hubness;

namespace Timbre.Recommendation.Space;

/// <summary>
/// Options of <see cref="EmbeddingSpaceFitter"/>. Defaults: robust z-score on, block balancing on, whitening off,
/// clamp ±5, scale floor 1 % of the block's median scale, block weights 1 except rhythm 0.25 and learned 0.5, fitted on at most
/// 20 000 tracks. Chosen on the dev set (159 tracks, 9 albums; album P@5): summary v1 0.416 raw → 0.470 with
/// robust z-score + balancing (robust z-score alone 0.396, + whitening 0.421); summary v2 0.443 raw → 0.430 with
/// equal weights, 0.484 with rhythm 0.25 (its 13 tempo/onset dimensions do not separate albums there).
/// </summary>
public sealed record EmbeddingSpaceOptions
{
    /// <summary>Per-dimension robust z-score (x − median) / (1.4826 · MAD); off = centre 0, scale 1. Default on.</summary>
    public bool RobustScaling { get; init; } = true;

    /// <summary>PCA-whiten each block (after scaling): decorrelated components of unit variance. Default off.</summary>
    public bool Whitening { get; init; }

    /// <summary>
    /// Within-album whitening (WCCN, Hatch et al. 2006) of the whole space after the blocks: the vector is multiplied by
    /// S^(−1/2), S the Ledoit–Wolf-shrunk covariance of the tracks around their album's mean, so directions along which
    /// the tracks of one album vary (level, mix, one song's mood) count less. Fitted from the albums passed to
    /// <see cref="EmbeddingSpaceFitter.Fit"/>, only when at least <see cref="MinAlbums"/> albums have two or more
    /// tracks (else skipped: <see cref="Core.Catalog.EmbeddingSpaceRecord.WhitenedAlbums"/> stays 0). Learns no album
    /// identity, so it transfers to albums it never saw. Default on. (Per-block whitening was worse on the dev set in a
    /// numpy prototype: 0.409 vs 0.495 album P@5 for the whole vector, 3 folds by album.)
    /// </summary>
    public bool AlbumWhitening { get; init; } = true;

    /// <summary>Fewest albums of two or more tracks <see cref="AlbumWhitening"/> is fitted from; default 5.</summary>
    public int MinAlbums { get; init; } = DefaultMinAlbums;

    /// <summary>The default of <see cref="MinAlbums"/>: 5 albums of two or more tracks.</summary>
    public const int DefaultMinAlbums = 5;

    /// <summary>Share of a block's variance its whitened components keep (0–1]; default 0.95.</summary>
    public double WhiteningVariance { get; init; } = 0.95;

    /// <summary>Added to every eigenvalue before whitening, as a share of the largest (regularises tiny ones); default 0.01.</summary>
    public double WhiteningEpsilon { get; init; } = 0.01;

    /// <summary>Scale each block so all have the same expected squared norm (times their weight). Default on.</summary>
    public bool BalanceBlocks { get; init; } = true;

    /// <summary>
    /// Per-block weight by block name (see <see cref="EmbeddingBlocks"/>); missing = 1. Weight 0 drops a block.
    /// Default <see cref="DefaultBlockWeights"/> (rhythm 0.25, learned 0.5).
    /// </summary>
    public IReadOnlyDictionary<string, double> BlockWeights { get; init; } = DefaultBlockWeights;

    /// <summary>
    /// The default block weights: rhythm 0.25, a learned embedding fused with summary features 0.5, every other block 1.
    /// The learned weight was chosen on the dev set (163 tracks, 9 albums; space with within-album whitening and mutual
    /// proximity, scored by folds by album; one run of bench/realmusic.sh): summary alone 0.624 album P@5, fused with
    /// the contrastive encoder at 0.1 / 0.25 / 0.5: 0.647 / 0.646 / 0.651 (MAP@10 0.483 / 0.491 / 0.495; without
    /// mutual proximity 0.503 / 0.511 / 0.518). A space of one block (one learned set) is not weighted.
    /// </summary>
    public static IReadOnlyDictionary<string, double> DefaultBlockWeights { get; } = new Dictionary<string, double>
    {
        [EmbeddingBlocks.Rhythm] = 0.25,
        [EmbeddingBlocks.Learned] = 0.5,
    };

    /// <summary>Largest absolute standardised value (outliers and constant dimensions cannot explode); default 5.</summary>
    public double Clamp { get; init; } = 5;

    /// <summary>
    /// Smallest scale of a dimension, as a share of the median scale of its block (a constant dimension gets this
    /// floor instead of 0); default 0.01.
    /// </summary>
    public double RelativeScaleFloor { get; init; } = 0.01;

    /// <summary>Most tracks the statistics are fitted on (an even stride over the rest); default 20 000.</summary>
    public int MaxFitTracks { get; init; } = 20_000;

    /// <summary>
    /// Mutual-proximity re-ranking of similar-song candidates in the space (stored with it; every reader follows it);
    /// null = plain cosine. Default <see cref="MutualProximityOptions.Default"/> (on).
    /// </summary>
    public MutualProximityOptions? MutualProximity { get; init; } = MutualProximityOptions.Default;

    /// <summary>The defaults.</summary>
    public static EmbeddingSpaceOptions Default { get; } = new();

    /// <summary>The weight of a block: <see cref="BlockWeights"/> or 1.</summary>
    public double WeightOf(string block) => BlockWeights.TryGetValue(block, out var w) ? w : 1.0;

    /// <summary>Throws <see cref="InvalidOptionsException"/> on out-of-range values.</summary>
    public EmbeddingSpaceOptions Validate()
    {
        if (WhiteningVariance is not (> 0 and <= 1))
        {
            throw new InvalidOptionsException($"WhiteningVariance must be in (0, 1], got {WhiteningVariance}.");
        }

        if (WhiteningEpsilon is not (>= 0 and < 1))
        {
            throw new InvalidOptionsException($"WhiteningEpsilon must be in [0, 1), got {WhiteningEpsilon}.");
        }

        if (Clamp is not (> 0 and < 1e6))
        {
            throw new InvalidOptionsException($"Clamp must be in (0, 1e6), got {Clamp}.");
        }

        if (RelativeScaleFloor is not (> 0 and < 1))
        {
            throw new InvalidOptionsException($"RelativeScaleFloor must be in (0, 1), got {RelativeScaleFloor}.");
        }

        if (MinAlbums < 2)
        {
            throw new InvalidOptionsException($"MinAlbums must be >= 2, got {MinAlbums}.");
        }

        if (MaxFitTracks < 2)
        {
            throw new InvalidOptionsException($"MaxFitTracks must be >= 2, got {MaxFitTracks}.");
        }

        MutualProximity?.Validate();
        foreach (var (block, weight) in BlockWeights)
        {
            if (!double.IsFinite(weight) || weight < 0)
            {
                throw new InvalidOptionsException($"Block weight of '{block}' must be a finite number >= 0, got {weight}.");
            }
        }

        return this;
    }
}
