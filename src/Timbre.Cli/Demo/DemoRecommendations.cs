using System.Globalization;
using Spectre.Console;
using Timbre.App.Snapshot;
using Timbre.Cli.Recommending;
using Timbre.Core.Analysis;
using Timbre.Recommendation.Catalog;
using Timbre.Recommendation.Domain;
using Timbre.Recommendation.Recommenders;
using Timbre.Storage;

namespace Timbre.Cli.Demo;

/// <summary>Step "recommend": three seed songs of different genres, each with its top-3 similar songs, score and reason.</summary>
internal static class DemoRecommendations
{
    /// <summary>Seeds per demo, and recommendations per seed.</summary>
    public const int Seeds = 3, PerSeed = 3;

    /// <summary>
    /// Prints the table and returns the seed tracks (genre, path) for the features step. Untagged tracks take their
    /// folder's name as genre only when <paramref name="foldersAreGenres"/> (a labelled genre corpus, not a music library).
    /// </summary>
    public static IReadOnlyList<(string Genre, string Path)> Print(IAnsiConsole console, string catalogPath, ITrackAnalyzer analyzer, bool foldersAreGenres)
    {
        using var store = CatalogStores.Open(catalogPath, create: true);
        CatalogSnapshot snapshot = CatalogContextLoader.Load(store, SnapshotOptions.For(analyzer.ModelId, analyzer.FeatureVersion, folderGenres: foldersAreGenres));
        bool genres = snapshot.HasGenres && snapshot.Context.Tracks.Select(t => Genre(snapshot, t)).Distinct().Count() > 1;
        IRecommender method = MethodRegistry.Create(genres ? "m2" : "m1", snapshot.Context);
        List<TrackFeatures> seeds = PickSeeds(snapshot);
        var table = new Table().Title(Markup.Escape($"Songs like these ({method.Name} · {SpaceName(snapshot)})"))
            .AddColumns("Seed song", "#", "Recommended", "Genre", "Score", "Why");
        var c = CultureInfo.InvariantCulture;
        foreach (TrackFeatures seed in seeds)
        {
            var items = method.Recommend(new RecommendationRequest { SeedTrackIds = [seed.Id], Count = PerSeed }.Validate());
            for (int i = 0; i < items.Count; i++)
            {
                TrackFeatures t = snapshot.FindTrack(items[i].TrackId)!;
                table.AddRow(
                    i == 0 ? Markup.Escape($"{Name(seed)} ({Genre(snapshot, seed)})") : "",
                    (i + 1).ToString(c),
                    Markup.Escape(Name(t)),
                    Markup.Escape(Genre(snapshot, t)),
                    items[i].Score.ToString("0.000", c),
                    Markup.Escape(items[i].Why));
            }

            if (seed != seeds[^1])
            {
                table.AddEmptyRow();
            }
        }

        console.Write(table);
        return seeds.Select(s => (Genre(snapshot, s), s.Path)).ToList();
    }

    /// <summary>
    /// The first track (by path) of three genres spread over the sorted genre list; with fewer genres, the remaining
    /// seeds are other tracks spread over the library.
    /// </summary>
    internal static List<TrackFeatures> PickSeeds(CatalogSnapshot snapshot)
    {
        var byGenre = snapshot.Context.Tracks
            .GroupBy(t => Genre(snapshot, t))
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => g.OrderBy(t => t.Path, StringComparer.Ordinal).First())
            .ToList();
        if (byGenre.Count > Seeds)
        {
            return Enumerable.Range(0, Seeds).Select(k => byGenre[k * byGenre.Count / Seeds]).ToList();
        }

        var all = snapshot.Context.Tracks.OrderBy(t => t.Path, StringComparer.Ordinal).ToList();
        var seeds = byGenre;
        for (int k = 0; seeds.Count < Math.Min(Seeds, all.Count); k++)
        {
            var next = all[(k * all.Count / Seeds + all.Count / (2 * Seeds)) % all.Count];
            if (!seeds.Contains(next))
            {
                seeds.Add(next);
            }
            else if (k > all.Count + Seeds)
            {
                seeds.AddRange(all.Except(seeds).Take(Seeds - seeds.Count));
            }
        }

        return seeds;
    }

    /// <summary>The track's own genre (tag, or folder in a genre corpus), else the predicted one.</summary>
    private static string Genre(CatalogSnapshot snapshot, TrackFeatures t) => t.Genre ?? RecCli.GenreOf(snapshot, t);

    /// <summary>The set the songs are compared in: the model, or every model a fused space joins (with "fused").</summary>
    private static string SpaceName(CatalogSnapshot snapshot)
        => snapshot.Space is { Sets.Count: > 1 } space
            ? string.Join(" + ", space.Sets.Select(s => s.ModelId)) + " (fused)"
            : snapshot.Set.ModelId;

    private static string Name(TrackFeatures t) => string.IsNullOrWhiteSpace(t.Title) ? Path.GetFileNameWithoutExtension(t.Path) : t.Title;
}
