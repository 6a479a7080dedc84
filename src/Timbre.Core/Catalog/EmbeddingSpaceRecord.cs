namespace Timbre.Core.Catalog;

/// <summary>
/// The embedding space of a catalog as stored with it: how the stored analyses of one or more analysis sets of the
/// same tracks become the vector a recommender searches. Fitted on the library itself (Timbre.Recommendation's
/// <c>EmbeddingSpaceFitter</c>), applied by every reader and to outside files with these same statistics.
/// The output vector is the concatenation, in <see cref="Blocks"/> order, of each block's
/// <c>Gain × clamp(project((x[Dimensions] − Centre) / Scale))</c>, then multiplied by <see cref="AlbumProjection"/> when it is set.
/// </summary>
public sealed record EmbeddingSpaceRecord
{
    /// <summary>The analysis sets fused, in order; a track needs an analysis in every one.</summary>
    public required IReadOnlyList<SpaceSetRecord> Sets { get; init; }

    /// <summary>The blocks of the output vector, in order.</summary>
    public required IReadOnlyList<SpaceBlockRecord> Blocks { get; init; }

    /// <summary>Largest absolute value of a standardised (and of a whitened) dimension.</summary>
    public float Clamp { get; init; }

    /// <summary>Whether per-dimension robust z-scores were fitted (else Centre 0, Scale 1).</summary>
    public bool RobustScaling { get; init; }

    /// <summary>Whether each block was PCA-whitened (label-free; not used together with within-album whitening).</summary>
    public bool Whitening { get; init; }

    /// <summary>Whether within-album whitening was asked for (it applies only when <see cref="WhitenedAlbums"/> &gt; 0).</summary>
    public bool AlbumWhitening { get; init; }

    /// <summary>
    /// Albums (of two or more tracks) the within-album whitening was fitted from; 0 when it was not asked for or the
    /// library had too few albums (then <see cref="AlbumProjection"/> is empty).
    /// </summary>
    public int WhitenedAlbums { get; init; }

    /// <summary>
    /// Within-album whitening of the whole output vector (after the blocks), row-major D × D with D the summed block
    /// output lengths; empty when not fitted. Mixes dimensions across blocks, so explanations that name a block read
    /// the whitened positions (an approximation).
    /// </summary>
    public float[] AlbumProjection { get; init; } = [];

    /// <summary>Whether block gains equalise each block's expected squared norm (else gain = √weight).</summary>
    public bool BalanceBlocks { get; init; }

    /// <summary>
    /// Whether similar-song recommendations in this space re-rank their best candidates by mutual proximity (hubness
    /// reduction from each track's distance distribution). Default true, also for spaces stored before it existed.
    /// </summary>
    public bool MutualProximity { get; init; } = true;

    /// <summary>Tracks sampled to estimate each track's distance distribution for mutual proximity; default 1 024.</summary>
    public int ProximitySample { get; init; } = 1024;

    /// <summary>Candidates re-ranked by mutual proximity per request; default 200.</summary>
    public int ProximityCandidates { get; init; } = 200;

    /// <summary>Number of tracks the statistics were fitted on.</summary>
    public int FittedOn { get; init; }

    /// <summary>When the space was fitted (UTC).</summary>
    public DateTimeOffset FittedAt { get; init; }
}

/// <summary>One analysis set of a space.</summary>
/// <param name="ModelId">Model id of the set.</param>
/// <param name="FeatureVersion">Feature version of the set.</param>
/// <param name="Dimension">Length of the set's embeddings.</param>
public sealed record SpaceSetRecord(string ModelId, int FeatureVersion, int Dimension);

/// <summary>One block of a space: some dimensions of one set's embedding, standardised, optionally whitened, scaled.</summary>
public sealed record SpaceBlockRecord
{
    /// <summary>Block name: "timbre", "harmony", "rhythm", "loudness", "learned" or "other".</summary>
    public required string Name { get; init; }

    /// <summary>Index into <see cref="EmbeddingSpaceRecord.Sets"/> of the set the dimensions come from.</summary>
    public int Set { get; init; }

    /// <summary>Positions in the set's embedding that form the block, in order.</summary>
    public required int[] Dimensions { get; init; }

    /// <summary>Per-dimension centre (the library's median), one per entry of <see cref="Dimensions"/>.</summary>
    public required float[] Centre { get; init; }

    /// <summary>Per-dimension scale (1.4826 × MAD, floored), one per entry of <see cref="Dimensions"/>.</summary>
    public required float[] Scale { get; init; }

    /// <summary>
    /// Row-major whitening matrix (PCA or within-album), <see cref="Components"/> rows × <see cref="Dimensions"/>
    /// columns; empty when the block is not whitened (then the block's output is its standardised dimensions).
    /// </summary>
    public float[] Projection { get; init; } = [];

    /// <summary>Rows of <see cref="Projection"/> (0 when not whitened).</summary>
    public int Components { get; init; }

    /// <summary>The block's weight as asked (1 = equal share).</summary>
    public float Weight { get; init; } = 1f;

    /// <summary>Multiplier of the block's output: √(weight / expected squared norm) when balanced.</summary>
    public float Gain { get; init; } = 1f;

    /// <summary>Length of the block's output.</summary>
    public int OutputLength => Projection.Length == 0 ? Dimensions.Length : Components;
}
