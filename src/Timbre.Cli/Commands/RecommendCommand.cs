using System.CommandLine;
using Timbre.Cli.Recommending;
using Timbre.Core.Errors;
using Timbre.Recommendation.Catalog;
using Timbre.Recommendation.Domain;

namespace Timbre.Cli.Commands;

/// <summary>
/// <c>timbre recommend --catalog C --like FILE_OR_ID… [-n 10] [--method m] [--user NAME] [--diversity λ]
/// [--max-per-artist K] [--genres a,b] [--exclude-genres c] [--json] [--m3u F] [--xspf F]</c>: songs like the given ones (never the seeds).
/// </summary>
internal static class RecommendCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var catalog = CatalogCommand.CatalogOption();
        var like = new Option<string[]>("--like")
        {
            Description = "Seed songs: catalog ids, catalog paths or audio files to analyse (up to 5 in the seeds' method; more allowed).",
            AllowMultipleArgumentsPerToken = true,
        };
        var count = new Option<int>("-n", "--count") { Description = "Number of recommendations.", DefaultValueFactory = _ => 10 };
        var method = new Option<string>("--method") { Description = $"Method: {RecCli.MethodHelp}.", DefaultValueFactory = _ => "m1" };
        var user = new Option<string?>("--user") { Description = "Catalog user whose history is used and whose known songs are skipped." };
        var diversity = new Option<double>("--diversity") { Description = "MMR λ in [0, 1]: 1 = plain ranking, lower = more varied.", DefaultValueFactory = _ => 1.0 };
        var maxPerArtist = new Option<int>("--max-per-artist") { Description = "At most K songs per artist (0 = no cap)." };
        var genres = new Option<string?>("--genres") { Description = "Only these genres (comma separated)." };
        var exclude = new Option<string?>("--exclude-genres") { Description = "Never these genres (comma separated)." };
        var analysis = RecCli.AnalysisOption();
        var folder = RecCli.FolderGenresOption();
        var analyzer = new Option<string?>("--analyzer") { Description = "Analyzer for --like files (default: the analysis set's, when it is 'summary')." };
        var json = RecCli.JsonOption();
        var files = new PlaylistOutput();
        var command = new Command("recommend", "Recommend songs similar to the given ones (or for a user).");
        foreach (var o in new Option[] { catalog, like, count, method, user, diversity, maxPerArtist, genres, exclude, analysis, folder, analyzer, json })
        {
            command.Options.Add(o);
        }

        files.AddTo(command);

        command.SetAction(p =>
        {
            var filters = new RecommendationFilters
            {
                DiversityLambda = p.GetValue(diversity),
                MaxPerArtist = p.GetValue(maxPerArtist),
                IncludeGenres = Split(p.GetValue(genres)),
                ExcludeGenres = Split(p.GetValue(exclude)),
            };
            return Run(
                p.GetValue(catalog)!,
                p.GetValue(like) ?? [],
                p.GetValue(user),
                p.GetValue(method)!,
                p.GetValue(count),
                filters,
                p.GetValue(analysis),
                p.GetValue(folder),
                p.GetValue(analyzer),
                p.GetValue(json),
                files.Files(p));
        });
        return command;
    }

    /// <summary>Loads the catalog, resolves seeds and user, recommends and prints.</summary>
    internal static int Run(string catalogPath, IReadOnlyList<string> likes, string? userName, string method, int count, RecommendationFilters filters, string? analysis, bool folderGenres, string? analyzer, bool json, (string? M3u, string? Xspf) files = default)
    {
        if (count < 1)
        {
            throw new InvalidOptionsException($"-n must be >= 1, got {count}.");
        }

        if (likes.Count == 0 && userName is null)
        {
            throw new InvalidOptionsException("Give seed songs with --like FILE_OR_ID… or a user with --user NAME.");
        }

        using var store = RecCli.OpenStore(catalogPath);
        string? userKey = userName is null ? null : CatalogSnapshot.UserKey(RecCli.UserId(store, userName));
        var snapshot = RecCli.Load(store, analysis, folderGenres);
        var ids = new List<long>();
        var outside = new List<TrackFeatures>();
        foreach (var value in likes)
        {
            RecCli.ResolveSeed(snapshot, value, analyzer, ids, outside);
        }

        var recommender = RecCli.Method(snapshot, method);
        var request = new RecommendationRequest
        {
            UserId = userKey,
            SeedTrackIds = ids.Distinct().ToList(),
            SeedTracks = outside,
            Count = count,
            Filters = filters,
        }.Validate();
        var items = recommender.Recommend(request);
        RecCli.Print(snapshot, recommender.Name, items, json);
        PlaylistOutput.Write(snapshot, $"Timbre {recommender.Name} recommendations", items.Select(i => i.TrackId).ToList(), files);
        return 0;
    }

    private static HashSet<string> Split(string? list)
        => (list ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.OrdinalIgnoreCase);
}
