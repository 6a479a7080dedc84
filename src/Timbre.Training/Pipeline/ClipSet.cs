using Timbre.Data.Features;
using Timbre.Inference.Features;
using Timbre.Training.Data;

namespace Timbre.Training.Pipeline;

/// <summary>
/// The clips of some tracks of a feature cache, turned into model samples by <see cref="ModelInput.FromRaw"/> (the
/// step serving runs too), as a <see cref="TensorDataset"/>, with each clip's track id (for track-level aggregation)
/// and label.
/// </summary>
public sealed class ClipSet
{
    private ClipSet(TensorDataset data, string[] trackIds, int[] labels, int tracks)
    {
        Data = data;
        TrackIds = trackIds;
        Labels = labels;
        TrackCount = tracks;
    }

    /// <summary>The z-scored clips and their labels.</summary>
    public TensorDataset Data { get; }

    /// <summary>Track id of each clip.</summary>
    public string[] TrackIds { get; }

    /// <summary>Label index of each clip.</summary>
    public int[] Labels { get; }

    /// <summary>Number of tracks the clips come from.</summary>
    public int TrackCount { get; }

    /// <summary>Number of clips.</summary>
    public int Count => Labels.Length;

    /// <summary>
    /// The clips of <paramref name="trackIndices"/> (indices into <see cref="FeatureCache.Tracks"/>), at most
    /// <paramref name="maxClipsPerTrack"/> per track (evenly spread; null = all), normalised with <paramref name="normalization"/>.
    /// </summary>
    public static ClipSet Build(FeatureCache cache, IReadOnlyList<int> trackIndices, Representation representation, Normalization normalization, int? maxClipsPerTrack = null)
    {
        ArgumentNullException.ThrowIfNull(cache);
        ArgumentNullException.ThrowIfNull(trackIndices);
        var clips = SelectClips(cache, trackIndices, maxClipsPerTrack);
        var input = new ModelInput(representation, normalization);
        int size = representation.SampleSize;
        var raw = new float[cache.ValuesPerClip];
        var features = new float[clips.Count * size];
        var trackIds = new string[clips.Count];
        var labels = new int[clips.Count];
        for (int i = 0; i < clips.Count; i++)
        {
            var span = features.AsSpan(i * size, size);
            cache.CopyClip(clips[i], raw);
            input.FromRaw(raw, span);
            var clip = cache.Clips[clips[i]];
            trackIds[i] = cache.Tracks[clip.TrackIndex].TrackId;
            labels[i] = clip.LabelIndex;
        }

        var data = new TensorDataset(features, representation.InputShape, labels, cache.Labels.Count);
        return new ClipSet(data, trackIds, labels, trackIndices.Count);
    }

    /// <summary>Fits the normalisation on the clips of <paramref name="trackIndices"/>.</summary>
    public static Normalization FitNormalization(FeatureCache cache, IReadOnlyList<int> trackIndices, Representation representation, int? maxClipsPerTrack = null)
    {
        ArgumentNullException.ThrowIfNull(cache);
        ArgumentNullException.ThrowIfNull(representation);
        var clips = SelectClips(cache, trackIndices, maxClipsPerTrack);
        var raw = new float[cache.ValuesPerClip];
        return Normalization.Fit(representation.SampleRows, representation.SampleCols, clips.Count, (i, buffer) =>
        {
            cache.CopyClip(clips[i], raw);
            representation.ToSample(raw, buffer);
        });
    }

    /// <summary>Clip indices of the given tracks, at most <paramref name="maxPerTrack"/> each, evenly spaced.</summary>
    public static List<int> SelectClips(FeatureCache cache, IReadOnlyList<int> trackIndices, int? maxPerTrack)
    {
        ArgumentNullException.ThrowIfNull(cache);
        ArgumentNullException.ThrowIfNull(trackIndices);
        var clips = new List<int>();
        foreach (int t in trackIndices)
        {
            var track = cache.Tracks[t];
            int take = Math.Min(track.ClipCount, maxPerTrack ?? int.MaxValue);
            for (int k = 0; k < take; k++)
            {
                int offset = (int)((long)k * track.ClipCount / take);
                clips.Add((int)track.FirstClip + offset);
            }
        }

        return clips;
    }
}
