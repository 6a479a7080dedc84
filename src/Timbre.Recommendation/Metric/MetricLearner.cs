namespace Timbre.Recommendation.Metric;

/// <summary>
/// Learns a <see cref="MetricProjection"/> from vectors and their groups (album or artist), optionally with users'
/// likes and dislikes: standardises per dimension (robust z-score over the given rows), then runs LDA or the
/// triplet map or within-class whitening (<see cref="MetricLearningOptions.Method"/>).
/// </summary>
public static class MetricLearner
{
    /// <summary>Fits the projection.</summary>
    /// <param name="vectors">One vector per item, all the same length, finite.</param>
    /// <param name="groups">Group of each item; at least two groups, and at least one with two items.</param>
    /// <param name="preferences">Users' likes and dislikes as indices into <paramref name="vectors"/>; may be empty.</param>
    /// <param name="options">Options (validated).</param>
    /// <param name="progress">Called with (epoch, epochs) while the triplet map trains.</param>
    /// <exception cref="MetricLearningException">The data cannot train a metric (see the message).</exception>
    public static MetricProjection Fit(
        IReadOnlyList<float[]> vectors, IReadOnlyList<string> groups, IReadOnlyList<PreferenceSet>? preferences = null,
        MetricLearningOptions? options = null, Action<int, int>? progress = null)
    {
        options = (options ?? MetricLearningOptions.Default).Validate();
        preferences ??= [];
        CheckInput(vectors, groups, preferences);
        var (center, scale) = RobustStandardization.Fit(vectors);
        var x = RobustStandardization.Apply(vectors, center, scale, options.Clip);
        var names = groups.Distinct(StringComparer.Ordinal).OrderBy(g => g, StringComparer.Ordinal).ToList();
        var labels = groups.Select(g => names.BinarySearch(g, StringComparer.Ordinal)).ToArray();
        var d = x[0].Length;
        double[][] weights;
        if (options.Method == MetricMethod.Lda)
        {
            var lda = LinearDiscriminant.Fit(x, labels, options.Shrinkage, options.Dimensions ?? d);
            weights = [.. lda.Directions.Select((v, k) => v.Select(t => t * Math.Pow(lda.Ratios[k], options.RatioPower)).ToArray())];
        }
        else if (options.Method == MetricMethod.Whitening)
        {
            weights = LinearDiscriminant.WithinClassWhitening(x, labels, options.Shrinkage).Weights;
        }
        else
        {
            var m = Math.Min(options.Dimensions ?? 64, d);
            weights = TripletMetric.Fit(x, labels, preferences, m, options, progress).Weights;
        }

        return new MetricProjection
        {
            Method = options.Method,
            Center = center,
            Scale = scale,
            Clip = options.Clip,
            Weights = [.. weights.Select(r => r.Select(v => (float)v).ToArray())],
        };
    }

    /// <summary>Throws <see cref="MetricLearningException"/> naming what is wrong with the training data.</summary>
    internal static void CheckInput(IReadOnlyList<float[]> vectors, IReadOnlyList<string> groups, IReadOnlyList<PreferenceSet> preferences)
    {
        ArgumentNullException.ThrowIfNull(vectors);
        ArgumentNullException.ThrowIfNull(groups);
        if (vectors.Count != groups.Count)
        {
            throw new MetricLearningException($"{vectors.Count} vectors but {groups.Count} group labels; give one label per vector.");
        }

        if (vectors.Count == 0)
        {
            throw new MetricLearningException("No vectors to learn a metric from.");
        }

        var d = vectors[0]?.Length ?? 0;
        for (var i = 0; i < vectors.Count; i++)
        {
            var v = vectors[i] ?? throw new MetricLearningException($"Vector {i} is missing.");
            if (v.Length != d || d == 0)
            {
                throw new MetricLearningException($"Vector {i} has {v.Length} values but vector 0 has {d}; every vector must have the same, non-zero length.");
            }

            if (!v.All(float.IsFinite))
            {
                throw new MetricLearningException($"Vector {i} (group '{groups[i]}') holds a NaN or infinite value.");
            }

            if (string.IsNullOrEmpty(groups[i]))
            {
                throw new MetricLearningException($"Vector {i} has no group label.");
            }
        }

        var sizes = groups.GroupBy(g => g, StringComparer.Ordinal).Select(g => g.Count()).ToArray();
        if (sizes.Length < 2)
        {
            throw new MetricLearningException(
                $"All {vectors.Count} vectors belong to one group ('{groups[0]}'); a metric needs at least two groups (albums or artists) to tell apart.");
        }

        if (sizes.Max() < 2)
        {
            throw new MetricLearningException($"Every one of the {sizes.Length} groups has a single vector; a metric needs at least one group with two.");
        }

        foreach (var p in preferences)
        {
            foreach (var i in p.Liked.Concat(p.Disliked))
            {
                if (i < 0 || i >= vectors.Count)
                {
                    throw new MetricLearningException($"A preference refers to item {i}, outside the {vectors.Count} vectors.");
                }
            }
        }
    }
}
