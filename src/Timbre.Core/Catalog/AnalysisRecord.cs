using Timbre.Core.Analysis;

namespace Timbre.Core.Catalog;

/// <summary>
/// What one model package (at one feature version) computed for one track. Vectors from different
/// (<see cref="ModelId"/>, <see cref="FeatureVersion"/>) pairs are never comparable.
/// </summary>
public sealed record AnalysisRecord
{
    /// <summary>Id of the analysed track (in a batch save, replaced by the id of the track saved with it).</summary>
    public long TrackId { get; init; }

    /// <summary>Id of the model package that produced the vectors (e.g. its name plus content hash).</summary>
    public required string ModelId { get; init; }

    /// <summary>Version of the feature pipeline (frame rate, bands, summary statistics…); bump it when they change.</summary>
    public int FeatureVersion { get; init; }

    /// <summary>Embedding vector; every analysis of one model and feature version has the same length.</summary>
    public required float[] Embedding { get; init; }

    /// <summary>Genre labels, in the order of <see cref="GenreProbabilities"/>; the same for a model and feature version.</summary>
    public required IReadOnlyList<string> GenreLabels { get; init; }

    /// <summary>Predicted probability of each label in <see cref="GenreLabels"/>.</summary>
    public required float[] GenreProbabilities { get; init; }

    /// <summary>Hand-crafted summary features (tempo, timbre statistics…); may be empty.</summary>
    public float[] SummaryFeatures { get; init; } = [];

    /// <summary>When the analysis was made (UTC).</summary>
    public DateTimeOffset AnalysedAt { get; init; }

    /// <summary>The catalog record of <paramref name="result"/>, stamped with the analyzer's model id, version and labels and the time now (track id not yet set).</summary>
    public static AnalysisRecord Of(ITrackAnalyzer analyzer, TrackAnalysis result)
    {
        ArgumentNullException.ThrowIfNull(analyzer);
        ArgumentNullException.ThrowIfNull(result);
        return new AnalysisRecord
        {
            ModelId = analyzer.ModelId,
            FeatureVersion = analyzer.FeatureVersion,
            Embedding = result.Embedding,
            GenreLabels = analyzer.GenreLabels,
            GenreProbabilities = result.GenreProbabilities,
            SummaryFeatures = result.SummaryFeatures,
            AnalysedAt = DateTimeOffset.UtcNow,
        };
    }

    /// <summary>The label with the highest probability (<see cref="Catalog.TopGenre.Of"/>), or null when there are no labels.</summary>
    public string? TopGenre => Catalog.TopGenre.Of(GenreLabels, GenreProbabilities);
}
