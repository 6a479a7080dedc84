namespace Timbre.Evaluation.Classification;

/// <summary>Track-level predictions made from clip-level probabilities.</summary>
/// <param name="TrackIds">Track ids in order of first appearance.</param>
/// <param name="Probabilities">Mean clip probability row per track.</param>
/// <param name="Labels">True class per track.</param>
/// <param name="Predicted">Argmax of each track's mean probabilities.</param>
public sealed record TrackPredictions(string[] TrackIds, double[][] Probabilities, int[] Labels, int[] Predicted);

/// <summary>Aggregates clip (segment) predictions into track predictions: mean of the clips' probabilities, argmax.</summary>
public static class TrackAggregation
{
    /// <summary>
    /// Groups clips by <paramref name="trackIds"/>, averages their probability rows and takes the argmax. All clips
    /// of a track must carry the same true label.
    /// </summary>
    public static TrackPredictions MeanByTrack(
        IReadOnlyList<string> trackIds, IReadOnlyList<IReadOnlyList<double>> clipProbabilities, IReadOnlyList<int> clipLabels)
    {
        ArgumentNullException.ThrowIfNull(trackIds);
        ArgumentNullException.ThrowIfNull(clipProbabilities);
        ArgumentNullException.ThrowIfNull(clipLabels);
        if (trackIds.Count != clipProbabilities.Count || trackIds.Count != clipLabels.Count)
        {
            throw new ArgumentException("Track ids, clip probabilities and clip labels must have the same length.");
        }

        if (trackIds.Count == 0)
        {
            throw new ArgumentException("No clips to aggregate.", nameof(trackIds));
        }

        var classCount = clipProbabilities[0].Count;
        Probabilities.Validate(clipProbabilities, classCount);
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var sums = new List<double[]>();
        var counts = new List<int>();
        var labels = new List<int>();
        var ids = new List<string>();
        for (var i = 0; i < trackIds.Count; i++)
        {
            var id = trackIds[i] ?? throw new ArgumentException($"Clip {i} has no track id.", nameof(trackIds));
            if (!index.TryGetValue(id, out var t))
            {
                t = sums.Count;
                index[id] = t;
                sums.Add(new double[classCount]);
                counts.Add(0);
                labels.Add(clipLabels[i]);
                ids.Add(id);
            }
            else if (labels[t] != clipLabels[i])
            {
                throw new ArgumentException(
                    $"Track '{id}' has clips labelled {labels[t]} and {clipLabels[i]}.", nameof(clipLabels));
            }

            for (var c = 0; c < classCount; c++)
            {
                sums[t][c] += clipProbabilities[i][c];
            }

            counts[t]++;
        }

        var means = sums.Select((s, t) => s.Select(v => v / counts[t]).ToArray()).ToArray();
        return new TrackPredictions(ids.ToArray(), means, labels.ToArray(), Probabilities.ArgMax(means));
    }
}
