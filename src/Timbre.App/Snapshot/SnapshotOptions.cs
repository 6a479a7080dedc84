using Timbre.Dsp.Summary;
using Timbre.Recommendation.Catalog;

namespace Timbre.App.Snapshot;

/// <summary>
/// The one way both front-ends load a catalog snapshot: the same genre fallback and the same statistics named in
/// explanations, so one request explains itself the same in the CLI and the browser.
/// </summary>
public static class SnapshotOptions
{
    /// <summary>
    /// Summary statistics named in explanations, by position in the Dsp summary layout (the summary analyzer's
    /// summary features): brightness = spectral-centroid mean (Hz), loudness = RMS mean, noisiness = flatness mean.
    /// </summary>
    public static IReadOnlyDictionary<string, int> ExplainedStats { get; } = new Dictionary<string, int>
    {
        ["brightness"] = Position("centroid.mean"),
        ["loudness"] = Position("rms.mean"),
        ["noisiness"] = Position("flatness.mean"),
    };

    /// <summary>
    /// Load options for the analysis set of <paramref name="modelId"/> (null: the largest set, or the stored
    /// embedding space) at <paramref name="featureVersion"/> (null: newest); <paramref name="folderGenres"/> lets
    /// untagged tracks take their folder name as label; <paramref name="fallback"/> makes genres from labels when the
    /// set has none (default one-hot, as <c>timbre recommend</c> and the web server do).
    /// </summary>
    public static CatalogLoadOptions For(string? modelId, int? featureVersion = null, bool folderGenres = false, GenreFallback fallback = GenreFallback.OneHot)
        => new CatalogLoadOptions
        {
            ModelId = modelId,
            FeatureVersion = featureVersion,
            Labels = folderGenres ? GenreLabelSource.TagsOrFolder : GenreLabelSource.Tags,
            Fallback = fallback,
            SummaryStats = ExplainedStats,
        }.Validate();

    private static int Position(string name) => SummaryLayout.Dimensions.Single(d => d.Name == name).Index;
}
