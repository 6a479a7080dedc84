namespace Timbre.Core.Catalog;

/// <summary>
/// Where a server's predicted genres come from: the analyses of one set (<see cref="TopGenre"/> of their genre
/// probabilities, stored with each analysis), for tracks that also have an analysis in every set of
/// <see cref="AlsoAnalysedBy"/> (a fitted space fuses several sets; the serving snapshot leaves out a track missing one).
/// </summary>
/// <param name="ModelId">Model id of the set whose probabilities give the genre.</param>
/// <param name="FeatureVersion">Its feature version.</param>
public sealed record PredictedGenreSource(string ModelId, int FeatureVersion)
{
    /// <summary>The other sets a track must be analysed by to have a predicted genre. Default none.</summary>
    public IReadOnlyList<AnalysisSetKey> AlsoAnalysedBy { get; init; } = [];
}

/// <summary>One analysis set: a model id and feature version.</summary>
/// <param name="ModelId">Model id.</param>
/// <param name="FeatureVersion">Feature version.</param>
public sealed record AnalysisSetKey(string ModelId, int FeatureVersion);

/// <summary>The library filtered by predicted genre: tracks whose <paramref name="Source"/> genre is <paramref name="Label"/> (ASCII case folded).</summary>
/// <param name="Source">Which analyses give the genre.</param>
/// <param name="Label">The genre label.</param>
public sealed record PredictedGenreFilter(PredictedGenreSource Source, string Label);
