namespace Timbre.Core.Catalog;

/// <summary>
/// One (model, feature version) set of analyses in a catalog: what it holds and how many present tracks it covers.
/// Vectors of different sets are never compared.
/// </summary>
/// <param name="ModelId">Model package id (e.g. "summary").</param>
/// <param name="FeatureVersion">Feature pipeline version.</param>
/// <param name="EmbeddingDimension">Length of every embedding of the set.</param>
/// <param name="GenreLabels">Genre labels of the set's probabilities; empty when the model has no classifier.</param>
/// <param name="Count">Analyses of present tracks in the set.</param>
/// <param name="LastAnalysedAt">Time of the newest analysis of the set (UTC), or null when it is empty.</param>
public sealed record AnalysisSetInfo(string ModelId, int FeatureVersion, int EmbeddingDimension, IReadOnlyList<string> GenreLabels, long Count, DateTimeOffset? LastAnalysedAt);
