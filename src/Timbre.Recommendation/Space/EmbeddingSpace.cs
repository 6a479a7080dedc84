using System.Globalization;
using Timbre.Core.Catalog;
using Timbre.Recommendation.Hubness;

namespace Timbre.Recommendation.Space;

/// <summary>One block of a space's output vector.</summary>
/// <param name="Name">Block name (<see cref="EmbeddingBlocks"/>).</param>
/// <param name="Start">First position in the output vector.</param>
/// <param name="Length">Number of positions.</param>
public sealed record OutputBlock(string Name, int Start, int Length);

/// <summary>
/// A fitted <see cref="EmbeddingSpaceRecord"/> ready to apply: turns one stored embedding per set of the space (the
/// same track) into the vector the recommenders search. Thread-safe (immutable).
/// </summary>
public sealed class EmbeddingSpace
{
    /// <summary>Wraps and checks a stored space.</summary>
    /// <exception cref="Domain.RecommendationException">The record is inconsistent (lengths, set indexes).</exception>
    public EmbeddingSpace(EmbeddingSpaceRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (record.Sets.Count == 0 || record.Blocks.Count == 0)
        {
            throw new Domain.RecommendationException("The embedding space has no sets or no blocks; refit it with 'timbre catalog space fit'.");
        }

        var blocks = new List<OutputBlock>();
        var start = 0;
        foreach (var b in record.Blocks)
        {
            var set = b.Set >= 0 && b.Set < record.Sets.Count ? record.Sets[b.Set]
                : throw Corrupt($"block '{b.Name}' names set {b.Set}");
            if (b.Centre.Length != b.Dimensions.Length || b.Scale.Length != b.Dimensions.Length || b.Dimensions.Any(d => d < 0 || d >= set.Dimension)
                || b.Projection.Length != b.Components * (b.Projection.Length == 0 ? 0 : b.Dimensions.Length))
            {
                throw Corrupt($"block '{b.Name}' has inconsistent lengths");
            }

            blocks.Add(new OutputBlock(b.Name, start, b.OutputLength));
            start += b.OutputLength;
        }

        if (record.AlbumProjection.Length != 0 && record.AlbumProjection.Length != start * start)
        {
            throw Corrupt($"the album projection has {record.AlbumProjection.Length} values for a {start}-d space");
        }

        Record = record;
        Blocks = blocks;
        Dimension = start;
        Key = string.Join('+', record.Sets.Select(s => CatalogKey(s.ModelId, s.FeatureVersion))) + "#space";
    }

    /// <summary>The stored definition.</summary>
    public EmbeddingSpaceRecord Record { get; }

    /// <summary>The output blocks, in order.</summary>
    public IReadOnlyList<OutputBlock> Blocks { get; }

    /// <summary>
    /// How similar-song candidates in this space are re-ranked by mutual proximity (from the stored record), or null
    /// when the space was fitted without it (<c>timbre catalog space fit --no-mutual-proximity</c>).
    /// </summary>
    public MutualProximityOptions? Proximity => Record.MutualProximity
        ? new MutualProximityOptions { SampleSize = Math.Max(Record.ProximitySample, 2), Candidates = Math.Max(Record.ProximityCandidates, 1) }
        : null;

    /// <summary>Length of the output vector.</summary>
    public int Dimension { get; }

    /// <summary>Feature-version key of vectors in this space ("summary@v1#space", "summary@v1+cl@v1#space").</summary>
    public string Key { get; }

    /// <summary>The sets whose embeddings <see cref="Transform"/> takes, in order.</summary>
    public IReadOnlyList<SpaceSetRecord> Sets => Record.Sets;

    /// <summary>
    /// The track's vector in the space from its first set's embedding and the other sets' embeddings by track id
    /// (in <see cref="Sets"/> order after the first); null when one of those sets has no analysis of the track.
    /// </summary>
    public float[]? TransformTrack(long trackId, float[] firstSet, IReadOnlyList<IReadOnlyDictionary<long, float[]>> otherSets)
    {
        ArgumentNullException.ThrowIfNull(otherSets);
        var vectors = new float[Record.Sets.Count][];
        vectors[0] = firstSet;
        for (var i = 1; i < vectors.Length; i++)
        {
            if (!otherSets[i - 1].TryGetValue(trackId, out vectors[i]!))
            {
                return null;
            }
        }

        return Transform(vectors);
    }

    /// <summary>Transforms one embedding per set (in <see cref="Sets"/> order) of one track into the space.</summary>
    /// <exception cref="ArgumentException">A vector is missing or has the wrong length.</exception>
    public float[] Transform(IReadOnlyList<float[]> setVectors)
    {
        ArgumentNullException.ThrowIfNull(setVectors);
        if (setVectors.Count != Record.Sets.Count)
        {
            throw new ArgumentException($"The space fuses {Record.Sets.Count} analysis sets, got {setVectors.Count} vectors.", nameof(setVectors));
        }

        for (var s = 0; s < setVectors.Count; s++)
        {
            if (setVectors[s].Length != Record.Sets[s].Dimension)
            {
                var set = Record.Sets[s];
                throw new ArgumentException($"Embedding of {set.ModelId} v{set.FeatureVersion} has {setVectors[s].Length} values, the space expects {set.Dimension}.", nameof(setVectors));
            }
        }

        var output = new float[Dimension];
        for (var i = 0; i < Record.Blocks.Count; i++)
        {
            var b = Record.Blocks[i];
            Apply(b, setVectors[b.Set], output.AsSpan(Blocks[i].Start, Blocks[i].Length), Record.Clamp, b.Gain);
        }

        return Record.AlbumProjection.Length == 0 ? output : Project(Record.AlbumProjection, output);
    }

    /// <summary>W · x for a row-major square W of x's length.</summary>
    public static float[] Project(float[] w, float[] x)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(x);
        var d = x.Length;
        var y = new float[d];
        for (var k = 0; k < d; k++)
        {
            var row = w.AsSpan(k * d, d);
            var sum = 0f;
            for (var j = 0; j < d; j++)
            {
                sum += row[j] * x[j];
            }

            y[k] = sum;
        }

        return y;
    }

    /// <summary>
    /// Writes block <paramref name="block"/> of <paramref name="vector"/> (its set's embedding) into
    /// <paramref name="output"/>: standardise and clamp each dimension, project when whitened (clamped again),
    /// multiply by <paramref name="gain"/>.
    /// </summary>
    public static void Apply(SpaceBlockRecord block, ReadOnlySpan<float> vector, Span<float> output, float clamp, float gain)
    {
        ArgumentNullException.ThrowIfNull(block);
        var d = block.Dimensions.Length;
        Span<float> z = d <= 512 ? stackalloc float[d] : new float[d];
        for (var j = 0; j < d; j++)
        {
            z[j] = Math.Clamp((vector[block.Dimensions[j]] - block.Centre[j]) / block.Scale[j], -clamp, clamp);
        }

        if (block.Projection.Length == 0)
        {
            for (var j = 0; j < d; j++)
            {
                output[j] = gain * z[j];
            }

            return;
        }

        for (var k = 0; k < block.Components; k++)
        {
            var row = block.Projection.AsSpan(k * d, d);
            var sum = 0f;
            for (var j = 0; j < d; j++)
            {
                sum += row[j] * z[j];
            }

            output[k] = gain * Math.Clamp(sum, -clamp, clamp);
        }
    }

    /// <summary>Whether the space fuses exactly one set, this one.</summary>
    public bool IsOnly(string modelId, int featureVersion)
        => Record.Sets.Count == 1 && Record.Sets[0].ModelId == modelId && Record.Sets[0].FeatureVersion == featureVersion;

    /// <summary>The block of each output position.</summary>
    public string BlockAt(int position) => Blocks.First(b => position >= b.Start && position < b.Start + b.Length).Name;

    private static string CatalogKey(string modelId, int featureVersion)
        => string.Create(CultureInfo.InvariantCulture, $"{modelId}@v{featureVersion}");

    private static Domain.RecommendationException Corrupt(string what)
        => new($"The stored embedding space is inconsistent ({what}); refit it with 'timbre catalog space fit'.");
}
