namespace Timbre.Core.Catalog;

/// <summary>
/// A track's predicted genre: the label of its highest genre probability. The one rule the serving snapshot, the
/// catalog's stored predicted genres and the track page share.
/// </summary>
public static class TopGenre
{
    /// <summary>
    /// Index of the first largest probability, −1 when there is none: an empty vector, or every value NaN or −∞
    /// (a NaN never wins; ties keep the first).
    /// </summary>
    public static int IndexOf(ReadOnlySpan<float> probabilities)
    {
        var best = -1;
        var bestValue = float.NegativeInfinity;
        for (var i = 0; i < probabilities.Length; i++)
        {
            if (probabilities[i] > bestValue)
            {
                bestValue = probabilities[i];
                best = i;
            }
        }

        return best;
    }

    /// <summary>The label of <see cref="IndexOf"/>, or null when there is none or the labels do not match the probabilities.</summary>
    public static string? Of(IReadOnlyList<string> labels, ReadOnlySpan<float> probabilities)
    {
        ArgumentNullException.ThrowIfNull(labels);
        if (labels.Count == 0 || labels.Count != probabilities.Length)
        {
            return null;
        }

        var top = IndexOf(probabilities);
        return top < 0 ? null : labels[top];
    }
}
