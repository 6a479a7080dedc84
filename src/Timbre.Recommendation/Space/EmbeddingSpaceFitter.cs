using Timbre.Core.Catalog;
using Timbre.Recommendation.Hubness;
using Timbre.Recommendation.Metric;

namespace Timbre.Recommendation.Space;

/// <summary>One analysis set's embeddings of the tracks a space is fitted on.</summary>
/// <param name="Set">Model id, feature version, dimension.</param>
/// <param name="BlockOfDimension">Block name of each embedding position (<see cref="EmbeddingBlocks"/>).</param>
/// <param name="Vectors">One embedding per track; row r of every set of one fit is the same track.</param>
public sealed record SpaceInput(SpaceSetRecord Set, IReadOnlyList<string> BlockOfDimension, IReadOnlyList<float[]> Vectors);

/// <summary>
/// Fits an <see cref="EmbeddingSpaceRecord"/> on a library (plain arrays): per set, dimensions are grouped into
/// blocks by name; each block gets per-dimension robust z-score statistics (<see cref="RobustScaling"/>), optionally a
/// whitening projection (<see cref="BlockWhitening"/>, or within-album whitening when albums are given), and a gain so that its mean squared norm over the library
/// equals its weight (blocks of equal weight then contribute equally to a distance, whatever their dimensions).
/// </summary>
public static class EmbeddingSpaceFitter
{
    /// <summary>Fits the space; <paramref name="fittedAt"/> defaults to now.</summary>
    /// <param name="sets">One input per analysis set (same rows = same tracks).</param>
    /// <param name="options">Options; default <see cref="EmbeddingSpaceOptions.Default"/>.</param>
    /// <param name="fittedAt">Time stamp; default now.</param>
    /// <param name="albums">
    /// Album key of each row, or null where unknown (or to hide a held-out album from the fit); the within-album
    /// whitening (<see cref="EmbeddingSpaceOptions.AlbumWhitening"/>) learns from these only. Null: not fitted.
    /// </param>
    /// <exception cref="ArgumentException">No sets, fewer than two tracks, or sets of different track counts.</exception>
    /// <exception cref="Core.Errors.InvalidOptionsException">Bad options, or every block weighted 0.</exception>
    public static EmbeddingSpaceRecord Fit(
        IReadOnlyList<SpaceInput> sets, EmbeddingSpaceOptions? options = null, DateTimeOffset? fittedAt = null, IReadOnlyList<string?>? albums = null)
    {
        ArgumentNullException.ThrowIfNull(sets);
        var o = (options ?? EmbeddingSpaceOptions.Default).Validate();
        if (sets.Count == 0)
        {
            throw new ArgumentException("An embedding space needs at least one analysis set.", nameof(sets));
        }

        var n = sets[0].Vectors.Count;
        if (n < 2)
        {
            throw new ArgumentException($"An embedding space needs at least 2 analysed tracks, got {n}.", nameof(sets));
        }

        foreach (var s in sets)
        {
            if (s.Vectors.Count != n || s.BlockOfDimension.Count != s.Set.Dimension || s.Vectors.Any(v => v.Length != s.Set.Dimension))
            {
                throw new ArgumentException($"Set {s.Set.ModelId} v{s.Set.FeatureVersion}: expected {n} vectors of {s.Set.Dimension} values and one block name per dimension.", nameof(sets));
            }
        }

        if (albums is not null && albums.Count != n)
        {
            throw new ArgumentException($"{albums.Count} album keys for {n} tracks; give one per track (null = unknown).", nameof(albums));
        }

        var stride = Math.Max(1, (int)Math.Ceiling(n / (double)o.MaxFitTracks));
        var rows = Enumerable.Range(0, n).Where(i => i % stride == 0).ToArray();
        var labels = o.AlbumWhitening && albums is not null ? AlbumLabels([.. rows.Select(r => albums[r])], o.MinAlbums) : null;
        var clamp = (float)o.Clamp;
        var blocks = new List<SpaceBlockRecord>();
        // A weight only scales a space of one block (cosine and mutual proximity ignore that): such a space is not weighted.
        var oneBlock = sets.SelectMany(x => x.BlockOfDimension).Distinct(StringComparer.Ordinal).Count() == 1;
        for (var s = 0; s < sets.Count; s++)
        {
            var vectors = rows.Select(r => sets[s].Vectors[r]).ToArray();
            foreach (var name in BlockOrder(sets[s].BlockOfDimension))
            {
                var weight = oneBlock ? 1.0 : o.WeightOf(name);
                if (weight == 0)
                {
                    continue;
                }

                var dims = Enumerable.Range(0, sets[s].Set.Dimension).Where(d => sets[s].BlockOfDimension[d] == name).ToArray();
                var block = FitBlock(name, s, dims, vectors, o);
                var norm = MeanSquaredNorm(block, vectors, clamp);
                var gain = !o.BalanceBlocks ? Math.Sqrt(weight) : norm > 0 ? Math.Sqrt(weight / norm) : 0;
                blocks.Add(block with { Weight = (float)weight, Gain = (float)gain });
            }
        }

        if (blocks.Count == 0)
        {
            throw new Core.Errors.InvalidOptionsException("Every block has weight 0; give at least one block a weight above 0.");
        }

        var record = new EmbeddingSpaceRecord
        {
            Sets = [.. sets.Select(s => s.Set)],
            Blocks = blocks,
            Clamp = clamp,
            RobustScaling = o.RobustScaling,
            Whitening = o.Whitening,
            AlbumWhitening = o.AlbumWhitening,
            BalanceBlocks = o.BalanceBlocks,
            MutualProximity = o.MutualProximity is not null,
            ProximitySample = (o.MutualProximity ?? MutualProximityOptions.Default).SampleSize,
            ProximityCandidates = (o.MutualProximity ?? MutualProximityOptions.Default).Candidates,
            FittedOn = rows.Length,
            FittedAt = fittedAt ?? DateTimeOffset.UtcNow,
        };
        if (labels is null)
        {
            return record;
        }

        var space = new EmbeddingSpace(record);
        var outputs = rows.Select(r => space.Transform([.. sets.Select(x => x.Vectors[r])]).Select(v => (double)v).ToArray()).ToArray();
        return record with { AlbumProjection = AlbumWhitening(outputs, labels), WhitenedAlbums = labels.Where(l => l >= 0).Distinct().Count() };
    }

    /// <summary>Mean over <paramref name="vectors"/> of the squared norm of a block's output before its gain.</summary>
    public static double MeanSquaredNorm(SpaceBlockRecord block, IReadOnlyList<float[]> vectors, float clamp)
    {
        ArgumentNullException.ThrowIfNull(block);
        ArgumentNullException.ThrowIfNull(vectors);
        var output = new float[block.OutputLength];
        var sum = 0.0;
        foreach (var v in vectors)
        {
            EmbeddingSpace.Apply(block, v, output, clamp, 1f);
            foreach (var x in output)
            {
                sum += x * x;
            }
        }

        return vectors.Count == 0 ? 0 : sum / vectors.Count;
    }

    private static IEnumerable<string> BlockOrder(IReadOnlyList<string> blockOfDimension)
    {
        var present = blockOfDimension.Distinct(StringComparer.Ordinal).ToList();
        var known = EmbeddingBlocks.All.ToList();
        return present.OrderBy(b => known.IndexOf(b) is var i && i < 0 ? int.MaxValue : i).ThenBy(b => b, StringComparer.Ordinal);
    }

    /// <summary>
    /// Albums with two or more tracks among <paramref name="albums"/>, as labels 0 … A − 1 (−1 = unknown or alone), when
    /// there are at least <paramref name="minAlbums"/> of them; else null (too few to learn what varies within an album).
    /// </summary>
    public static int[]? AlbumLabels(IReadOnlyList<string?> albums, int minAlbums)
    {
        ArgumentNullException.ThrowIfNull(albums);
        var sizes = albums.Where(a => a is not null).GroupBy(a => a!, StringComparer.Ordinal).Where(g => g.Count() >= 2)
            .Select(g => g.Key).Order(StringComparer.Ordinal).ToList();
        if (sizes.Count < minAlbums)
        {
            return null;
        }

        return [.. albums.Select(a => a is null ? -1 : sizes.BinarySearch(a, StringComparer.Ordinal) is var i && i >= 0 ? i : -1)];
    }

    /// <summary>Albums of two or more tracks among <paramref name="albums"/> (what <see cref="EmbeddingSpaceOptions.MinAlbums"/> counts).</summary>
    public static int CountAlbums(IReadOnlyList<string?> albums)
    {
        ArgumentNullException.ThrowIfNull(albums);
        return albums.Where(a => a is not null).GroupBy(a => a!, StringComparer.Ordinal).Count(g => g.Count() >= 2);
    }

    private static SpaceBlockRecord FitBlock(string name, int set, int[] dims, float[][] vectors, EmbeddingSpaceOptions o)
    {
        var (centre, scale) = o.RobustScaling
            ? RobustScaling.Fit(vectors, dims, o.RelativeScaleFloor)
            : (new float[dims.Length], Enumerable.Repeat(1f, dims.Length).ToArray());
        var block = new SpaceBlockRecord { Name = name, Set = set, Dimensions = dims, Centre = centre, Scale = scale };
        if (!o.Whitening)
        {
            return block;
        }

        // Centre on the mean of the clamped z-scores (folded into Centre), then whiten those.
        var clamp = (float)o.Clamp;
        var z = vectors.Select(v => Standardised(block, v, clamp)).ToArray();
        var mean = new double[dims.Length];
        foreach (var row in z)
        {
            for (var j = 0; j < mean.Length; j++)
            {
                mean[j] += row[j] / z.Length;
            }
        }

        block = block with { Centre = [.. centre.Select((c, j) => (float)(c + (scale[j] * mean[j])))] };
        var centred = vectors.Select(v => Standardised(block, v, clamp)).ToArray();
        var (projection, components) = BlockWhitening.Fit(centred, o.WhiteningVariance, o.WhiteningEpsilon);
        return components == 0 ? block : block with { Projection = projection, Components = components };
    }

    /// <summary>
    /// S^(−1/2) of the shrunk within-album covariance of the labelled rows of the space's output
    /// (<see cref="LinearDiscriminant.WithinClassWhitening"/>), scaled to unit mean variance per output
    /// dimension (a scale does not change cosine rankings; it keeps values in the usual range).
    /// </summary>
    private static float[] AlbumWhitening(double[][] centred, int[] labels)
    {
        var known = Enumerable.Range(0, centred.Length).Where(i => labels[i] >= 0).ToArray();
        var (w, _) = LinearDiscriminant.WithinClassWhitening([.. known.Select(i => centred[i])], [.. known.Select(i => labels[i])], null);
        var d = w.Length;
        var sum = 0.0;
        foreach (var row in centred)
        {
            for (var k = 0; k < d; k++)
            {
                var y = 0.0;
                for (var j = 0; j < d; j++)
                {
                    y += w[k][j] * row[j];
                }

                sum += y * y;
            }
        }

        var unit = sum > 0 ? Math.Sqrt(centred.Length * d / sum) : 1;
        return [.. w.SelectMany(r => r.Select(v => (float)(v * unit)))];
    }

    private static double[] Standardised(SpaceBlockRecord block, float[] vector, float clamp)
    {
        var z = new double[block.Dimensions.Length];
        for (var j = 0; j < z.Length; j++)
        {
            z[j] = Math.Clamp((vector[block.Dimensions[j]] - block.Centre[j]) / block.Scale[j], -clamp, clamp);
        }

        return z;
    }
}
