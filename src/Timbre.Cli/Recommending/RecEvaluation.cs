using Timbre.Experiments.OfflineEvaluation;
using Timbre.Recommendation.Catalog;
using Timbre.Storage;

namespace Timbre.Cli.Recommending;

/// <summary>Everything <c>timbre eval-rec</c> measured.</summary>
/// <param name="Catalog">Catalog file.</param>
/// <param name="Model">Analysis set "model vN".</param>
/// <param name="GenreInfo">Where the genre probabilities came from.</param>
/// <param name="Tracks">Tracks in the snapshot.</param>
/// <param name="Genres">Genre labels.</param>
/// <param name="SingleUsers">Single-category users.</param>
/// <param name="MultiUsers">Multi-category users.</param>
/// <param name="LikesPerUser">Likes per user (known + held out).</param>
/// <param name="N">List length n.</param>
/// <param name="Seed">Simulation seed.</param>
/// <param name="Skipped">Methods left out and why.</param>
/// <param name="Methods">Summary rows.</param>
/// <param name="Sweep">θ sweep rows.</param>
/// <param name="ColdStart">Cold-start rows.</param>
/// <param name="TTests">Paired t-tests.</param>
/// <param name="Seconds">Wall time.</param>
internal sealed record RecEvaluation(
    string Catalog,
    string Model,
    string GenreInfo,
    int Tracks,
    IReadOnlyList<string> Genres,
    int SingleUsers,
    int MultiUsers,
    int LikesPerUser,
    int N,
    int Seed,
    IReadOnlyList<string> Skipped,
    IReadOnlyList<MethodResult> Methods,
    IReadOnlyList<ThresholdSweepRow> Sweep,
    IReadOnlyList<ColdStartRow> ColdStart,
    IReadOnlyList<ComparisonRow> TTests,
    double Seconds)
{
    /// <summary>Runs <see cref="RecommenderStudy"/> on a snapshot and adds what the report says about the catalog.</summary>
    public static RecEvaluation Run(string catalog, CatalogSnapshot snapshot, RecommenderStudyOptions options, Action<string> progress)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var context = snapshot.Context;
        var study = RecommenderStudy.Run(context, snapshot.HasGenres, options, progress);
        return new RecEvaluation(
            CatalogStores.Describe(catalog),
            $"{snapshot.Set.ModelId} v{snapshot.Set.FeatureVersion}",
            snapshot.GenreInfo.ToString(),
            context.Tracks.Count,
            context.GenreLabels,
            study.SingleUsers,
            study.MultiUsers,
            options.LikesPerUser,
            options.N,
            options.Seed,
            study.Skipped,
            study.Methods,
            study.Sweep,
            study.ColdStart,
            study.Comparisons,
            watch.Elapsed.TotalSeconds);
    }
}
