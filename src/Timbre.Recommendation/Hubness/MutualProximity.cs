using System.Collections.Concurrent;
using System.Numerics.Tensors;
using Timbre.Evaluation.Statistics;
using Timbre.Recommendation.Similarity;

namespace Timbre.Recommendation.Hubness;

/// <summary>Mean and standard deviation of one track's cosine distances to the sample of a <see cref="MutualProximity"/>.</summary>
/// <param name="Mean">Mean cosine distance (0–2).</param>
/// <param name="Std">Standard deviation (population form over the sample, floored at 1e-12).</param>
public readonly record struct DistanceMoments(double Mean, double Std);

/// <summary>
/// Mutual proximity (Schnitzer, Flexer, Schedl &amp; Widmer 2012, Gaussian form) over one snapshot's index:
/// MP(a, b) = P(D_a &gt; d) · P(D_b &gt; d) with d = 1 − cos(a, b) and D_i ~ N(μ_i, σ_i) the cosine distances from track
/// i to a seeded sample of the catalog (itself left out). Two tracks are close when each is among the other's nearest,
/// so a hub (a track close to everything) no longer crowds every list. Label-free and symmetric.
/// The sample's unit vectors are copied once; each track's moments are computed on first use (one dot product per
/// sample track) and kept for the life of the snapshot, so a request costs only its candidates that were never seen.
/// Thread-safe.
/// </summary>
public sealed class MutualProximity
{
    private readonly float[] _sample;
    private readonly long[] _sampleIds;
    private readonly ConcurrentDictionary<long, DistanceMoments> _moments;

    /// <summary>Chooses the sample from <paramref name="index"/> (unit rows: a normalising cosine index).</summary>
    /// <exception cref="ArgumentException">The index does not hold unit vectors under cosine.</exception>
    public MutualProximity(SimilarityIndex index, MutualProximityOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(index);
        if (!Supports(index))
        {
            throw new ArgumentException("Mutual proximity needs a cosine index of normalised rows.", nameof(index));
        }

        Options = (options ?? MutualProximityOptions.Default).Validate();
        Dimension = index.Dimension;
        var rows = SampleRows(index, Options);
        _sampleIds = [.. rows.Select(index.IdAt)];
        _sample = new float[rows.Length * Dimension];
        for (var i = 0; i < rows.Length; i++)
        {
            index.VectorAt(rows[i]).CopyTo(_sample.AsSpan(i * Dimension, Dimension));
        }

        _moments = new();
    }

    /// <summary>
    /// Over a sample chosen elsewhere (an index cut into shards: <see cref="SamplePositions"/> over all the shards' ids):
    /// <paramref name="sampleVectors"/> holds the sample's unit vectors one after another, in sample order.
    /// </summary>
    public MutualProximity(IReadOnlyList<long> sampleIds, float[] sampleVectors, int dimension, MutualProximityOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(sampleIds);
        ArgumentNullException.ThrowIfNull(sampleVectors);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimension);
        if (sampleVectors.Length != (long)sampleIds.Count * dimension)
        {
            throw new ArgumentException($"A sample of {sampleIds.Count} tracks of dimension {dimension} needs {(long)sampleIds.Count * dimension} values, got {sampleVectors.Length}.", nameof(sampleVectors));
        }

        Options = (options ?? MutualProximityOptions.Default).Validate();
        Dimension = dimension;
        _sampleIds = [.. sampleIds];
        _sample = sampleVectors;
        _moments = new();
    }

    private MutualProximity(MutualProximity from, IEnumerable<long> changedIds)
    {
        Options = from.Options;
        Dimension = from.Dimension;
        _sample = from._sample;
        _sampleIds = from._sampleIds;
        _moments = new(from._moments);
        foreach (var id in changedIds)
        {
            _moments.TryRemove(id, out _);
        }
    }

    /// <summary>The options it was built with.</summary>
    public MutualProximityOptions Options { get; }

    /// <summary>Length of the vectors.</summary>
    public int Dimension { get; }

    /// <summary>Tracks in the sample.</summary>
    public int SampleCount => _sampleIds.Length;

    /// <summary>Track ids of the sample, in sample order.</summary>
    public IReadOnlyList<long> SampleIds => _sampleIds;

    /// <summary>Whether <paramref name="index"/> holds what mutual proximity reads (unit rows under cosine).</summary>
    public static bool Supports(SimilarityIndex index)
        => index is not null && index.Metric == SimilarityMetric.Cosine && index.Options.Normalize;

    /// <summary>The moments of a catalog track (<paramref name="unit"/> its unit vector), computed once and kept.</summary>
    public DistanceMoments MomentsOf(long trackId, ReadOnlySpan<float> unit)
    {
        if (_moments.TryGetValue(trackId, out var known))
        {
            return known;
        }

        var computed = Compute(unit, trackId);
        return _moments.GetOrAdd(trackId, computed);
    }

    /// <summary>The moments of a track outside the catalog (an upload, a file on the command line); not kept.</summary>
    public DistanceMoments MomentsOf(ReadOnlySpan<float> unit) => Compute(unit, null);

    /// <summary>MP at cosine distance <paramref name="distance"/> between two tracks of these moments: P(D_a &gt; d) · P(D_b &gt; d).</summary>
    public static double Score(double distance, DistanceMoments a, DistanceMoments b) => Above(distance, a) * Above(distance, b);

    /// <summary>
    /// The same sample over a snapshot whose tracks changed: the moments of <paramref name="changedIds"/> (added,
    /// removed or re-analysed tracks) are forgotten, the others kept. The sample is not redrawn until the next load.
    /// </summary>
    public MutualProximity WithChanged(IEnumerable<long> changedIds)
    {
        ArgumentNullException.ThrowIfNull(changedIds);
        return new MutualProximity(this, changedIds);
    }

    private static double Above(double d, DistanceMoments m) => 0.5 * SpecialFunctions.Erfc((d - m.Mean) / (m.Std * Math.Sqrt(2)));

    private DistanceMoments Compute(ReadOnlySpan<float> unit, long? self)
    {
        if (unit.Length != Dimension)
        {
            throw new ArgumentException($"A vector of {unit.Length} values, the sample has {Dimension}.", nameof(unit));
        }

        double sum = 0, squares = 0;
        var count = 0;
        for (var i = 0; i < _sampleIds.Length; i++)
        {
            if (self == _sampleIds[i])
            {
                continue;
            }

            var d = 1.0 - TensorPrimitives.Dot(unit, _sample.AsSpan(i * Dimension, Dimension));
            sum += d;
            squares += d * d;
            count++;
        }

        if (count == 0)
        {
            return new DistanceMoments(1, 1);
        }

        var mean = sum / count;
        return new DistanceMoments(mean, Math.Sqrt(Math.Max((squares / count) - (mean * mean), 1e-24)));
    }

    /// <summary>
    /// Where the sample lies among <paramref name="count"/> tracks in track-id order, in sample order: every position
    /// when there are no more than <see cref="MutualProximityOptions.SampleSize"/>, else a seeded partial shuffle
    /// (<see cref="MutualProximityOptions.Seed"/>). Depends only on the count, so whoever knows every id (one index, or
    /// the shards of one together) draws the same sample.
    /// </summary>
    public static int[] SamplePositions(int count, MutualProximityOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentNullException.ThrowIfNull(options);
        if (count <= options.SampleSize)
        {
            return [.. Enumerable.Range(0, count)];
        }

        // A Fisher–Yates shuffle of 0..count-1 stopped after SampleSize steps; only the touched positions are stored.
        var moved = new Dictionary<int, int>();
        int At(int i) => moved.TryGetValue(i, out var v) ? v : i;
        var random = new Random(options.Seed);
        var result = new int[options.SampleSize];
        for (var i = 0; i < options.SampleSize; i++)
        {
            var j = random.Next(i, count);
            var (vi, vj) = (At(i), At(j));
            moved[i] = vj;
            moved[j] = vi;
            result[i] = vj;
        }

        return result;
    }

    private static int[] SampleRows(SimilarityIndex index, MutualProximityOptions options)
    {
        var byId = Enumerable.Range(0, index.Count).OrderBy(index.IdAt).ToArray();
        return [.. SamplePositions(byId.Length, options).Select(p => byId[p])];
    }
}
