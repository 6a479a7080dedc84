using Timbre.Core.Catalog;

namespace Timbre.Storage.CrashWriter;

/// <summary>
/// A deterministic fake library shared by the crash writer and the crash test: track i has a fixed path, size,
/// mtime, tags and analysis, so the test can check every stored value exactly.
/// </summary>
public static class SyntheticLibrary
{
    /// <summary>Model id written by the crash writer.</summary>
    public const string ModelId = "crash-model@1";

    /// <summary>Feature version written by the crash writer.</summary>
    public const int FeatureVersion = 3;

    /// <summary>Genre labels written by the crash writer.</summary>
    public static readonly string[] Labels = ["blues", "classical", "jazz", "rock"];

    /// <summary>Length of the summary-feature vector.</summary>
    public const int SummaryDim = 5;

    private static readonly DateTime BaseTime = new(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>The track record of track <paramref name="i"/>.</summary>
    public static TrackRecord Track(int i) => new()
    {
        Path = $"/library/artist{i % 17:D2}/track{i:D6}.flac",
        SizeBytes = 1_000_000 + i,
        ModifiedUtc = BaseTime.AddSeconds(i),
        Title = $"Track {i}",
        Artist = $"Artist {i % 17}",
        GenreTag = Labels[i % Labels.Length],
        Year = 1960 + (i % 60),
        DurationSeconds = 30 + (i % 300),
    };

    /// <summary>The analysis of track <paramref name="i"/> with an embedding of <paramref name="dim"/> values.</summary>
    public static AnalysisRecord Analysis(int i, int dim)
    {
        var embedding = new float[dim];
        for (var j = 0; j < dim; j++)
        {
            embedding[j] = MathF.Sin((i * 0.37f) + (j * 1.3f)) * (1 + (j % 3));
        }

        var probs = new float[Labels.Length];
        probs[i % Labels.Length] = 0.7f;
        for (var k = 0; k < probs.Length; k++)
        {
            probs[k] += 0.1f;
        }

        var summary = new float[SummaryDim];
        for (var k = 0; k < SummaryDim; k++)
        {
            summary[k] = i + (k / 10f);
        }

        return new AnalysisRecord
        {
            ModelId = ModelId,
            FeatureVersion = FeatureVersion,
            Embedding = embedding,
            GenreLabels = Labels,
            GenreProbabilities = probs,
            SummaryFeatures = summary,
            AnalysedAt = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000 + i),
        };
    }
}
