using Timbre.Data.Features;
using Timbre.Data.Loaders;
using Timbre.Data.Splits;
using Timbre.Training.Pipeline;

namespace Timbre.Training.Experiments;

/// <summary>Track indices of one train/validation/test split inside a feature cache.</summary>
/// <param name="Train">Training tracks.</param>
/// <param name="Validation">Early-stopping tracks.</param>
/// <param name="Test">Test tracks.</param>
public sealed record SplitTracks(int[] Train, int[] Validation, int[] Test)
{
    /// <summary>The tracks of an 8:1:1 split.</summary>
    public static SplitTracks Of(FeatureCache cache, DatasetSplit split) => new(
        CorpusSource.TrackIndices(cache, split.Train),
        CorpusSource.TrackIndices(cache, split.Validation),
        CorpusSource.TrackIndices(cache, split.Test));

    /// <summary>A fold's training tracks with every ninth held out for early stopping, and its test tracks.</summary>
    public static SplitTracks Of(FeatureCache cache, Fold fold)
    {
        var train = new List<CorpusItem>();
        var validation = new List<CorpusItem>();
        for (int i = 0; i < fold.Train.Count; i++)
        {
            (i % 9 == 4 ? validation : train).Add(fold.Train[i]);
        }

        return new(CorpusSource.TrackIndices(cache, train), CorpusSource.TrackIndices(cache, validation), CorpusSource.TrackIndices(cache, fold.Test));
    }
}
