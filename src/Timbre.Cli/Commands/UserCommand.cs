using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Timbre.Cli.Recommending;
using Timbre.Core.Catalog;
using Timbre.Core.Errors;
using Timbre.Recommendation.Catalog;
using Timbre.Recommendation.Domain;
using Timbre.Recommendation.Ranking;
using Timbre.Recommendation.Recommenders;

namespace Timbre.Cli.Commands;

/// <summary>
/// <c>timbre user add NAME</c>, <c>user like|dislike NAME TRACK…</c>, <c>user rate NAME TRACK 1-5</c>,
/// <c>user show NAME [--json]</c>, <c>user recommend NAME [--method m] [-n 10] [--json] [--m3u F] [--xspf F]</c>,
/// <c>user apikey create|list|revoke NAME</c>, <c>user import-m3u NAME FILE</c>. TRACK is a catalog id or path.
/// </summary>
internal static class UserCommand
{
    /// <summary>Builds the command group.</summary>
    public static Command Create()
    {
        var command = new Command("user", "Listeners: create, record likes/dislikes/ratings, show taste, recommend.");
        command.Subcommands.Add(Add());
        command.Subcommands.Add(Opinion("like", InteractionKind.Like));
        command.Subcommands.Add(Opinion("dislike", InteractionKind.Dislike));
        command.Subcommands.Add(Rate());
        command.Subcommands.Add(Show());
        command.Subcommands.Add(Recommend());
        command.Subcommands.Add(UserPlayerCommands.ApiKey());
        command.Subcommands.Add(UserPlayerCommands.ImportM3u());
        return command;
    }

    private static Argument<string> NameArgument() => new("name") { Description = "User name." };

    private static Command Add()
    {
        var catalog = CatalogCommand.CatalogOption();
        var name = NameArgument();
        var c = new Command("add", "Create a user.");
        c.Options.Add(catalog);
        c.Arguments.Add(name);
        c.SetAction(p =>
        {
            using var store = RecCli.OpenStore(p.GetValue(catalog)!);
            // The same rules as the web sign-up: NFKC, no invisible characters, one script.
            var n = UserNames.Normalize(p.GetValue(name), out var problem) ?? throw new InvalidOptionsException(problem);

            var user = store.CreateUser(n, "");
            Console.Out.WriteLine($"user {user.Name} created (id {user.Id})");
            return 0;
        });
        return c;
    }

    private static Command Opinion(string verb, InteractionKind kind)
    {
        var catalog = CatalogCommand.CatalogOption();
        var name = NameArgument();
        var tracks = new Argument<string[]>("tracks") { Description = "Catalog track ids or paths.", Arity = ArgumentArity.OneOrMore };
        var c = new Command(verb, $"Record that the user {verb}s these tracks.");
        c.Options.Add(catalog);
        c.Arguments.Add(name);
        c.Arguments.Add(tracks);
        c.SetAction(p =>
        {
            using var store = RecCli.OpenStore(p.GetValue(catalog)!);
            var userId = RecCli.UserId(store, p.GetValue(name)!);
            var resolved = p.GetValue(tracks)!.Select(t => ResolveTrack(store, t)).ToList(); // all or nothing
            foreach (var track in resolved)
            {
                store.AddInteraction(new InteractionRecord(0, userId, track.Id, kind, 1, DateTimeOffset.UtcNow));
                Console.Out.WriteLine($"{verb}d {track.Id} {track.Title ?? Path.GetFileName(track.Path)}");
            }

            return 0;
        });
        return c;
    }

    private static Command Rate()
    {
        var catalog = CatalogCommand.CatalogOption();
        var name = NameArgument();
        var track = new Argument<string>("track") { Description = "Catalog track id or path." };
        var rating = new Argument<int>("rating") { Description = "Rating 1–5." };
        var c = new Command("rate", "Rate a track 1–5.");
        c.Options.Add(catalog);
        c.Arguments.Add(name);
        c.Arguments.Add(track);
        c.Arguments.Add(rating);
        c.SetAction(p =>
        {
            var r = p.GetValue(rating);
            if (r is < 1 or > 5)
            {
                throw new InvalidOptionsException($"A rating is 1–5, got {r}.");
            }

            using var store = RecCli.OpenStore(p.GetValue(catalog)!);
            var userId = RecCli.UserId(store, p.GetValue(name)!);
            var t = ResolveTrack(store, p.GetValue(track)!);
            store.AddInteraction(new InteractionRecord(0, userId, t.Id, InteractionKind.Rating, r, DateTimeOffset.UtcNow));
            Console.Out.WriteLine($"rated {t.Id} {t.Title ?? Path.GetFileName(t.Path)}: {r}");
            return 0;
        });
        return c;
    }

    private static Command Show()
    {
        var catalog = CatalogCommand.CatalogOption();
        var name = NameArgument();
        var analysis = RecCli.AnalysisOption();
        var folder = RecCli.FolderGenresOption();
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of tables." };
        var c = new Command("show", "Show a user's likes, dislikes, ratings and genre shares.");
        foreach (var o in new Option[] { catalog, analysis, folder, json })
        {
            c.Options.Add(o);
        }

        c.Arguments.Add(name);
        c.SetAction(p => ShowUser(p.GetValue(catalog)!, p.GetValue(name)!, p.GetValue(analysis), p.GetValue(folder), p.GetValue(json)));
        return c;
    }

    private static Command Recommend()
    {
        var catalog = CatalogCommand.CatalogOption();
        var name = NameArgument();
        var method = new Option<string>("--method") { Description = $"Method: {RecCli.MethodHelp}.", DefaultValueFactory = _ => "hybrid" };
        var count = new Option<int>("-n", "--count") { Description = "Number of recommendations.", DefaultValueFactory = _ => 10 };
        var diversity = new Option<double>("--diversity") { Description = "MMR λ in [0, 1].", DefaultValueFactory = _ => 1.0 };
        var analysis = RecCli.AnalysisOption();
        var folder = RecCli.FolderGenresOption();
        var json = RecCli.JsonOption();
        var files = new PlaylistOutput();
        var c = new Command("recommend", "Recommend songs for a user from their history.");
        foreach (var o in new Option[] { catalog, method, count, diversity, analysis, folder, json })
        {
            c.Options.Add(o);
        }

        files.AddTo(c);

        c.Arguments.Add(name);
        c.SetAction(p => RecommendCommand.Run(
            p.GetValue(catalog)!,
            [],
            p.GetValue(name)!,
            p.GetValue(method)!,
            p.GetValue(count),
            new RecommendationFilters { DiversityLambda = p.GetValue(diversity) },
            p.GetValue(analysis),
            p.GetValue(folder),
            null,
            p.GetValue(json),
            files.Files(p)));
        return c;
    }

    private static int ShowUser(string catalogPath, string name, string? analysis, bool folderGenres, bool json)
    {
        using var store = RecCli.OpenStore(catalogPath);
        var user = store.FindUserByName(name) ?? throw new RecommendationException($"Unknown user '{name}'; create it with 'timbre user add {name}'.");
        var interactions = store.ListInteractions(user.Id);
        var latest = interactions.Where(i => i.Kind is InteractionKind.Like or InteractionKind.Dislike)
            .GroupBy(i => i.TrackId)
            .Select(g => g.OrderBy(i => i.At).ThenBy(i => i.Id).Last())
            .ToList();
        var ratings = interactions.Where(i => i.Kind == InteractionKind.Rating)
            .GroupBy(i => i.TrackId)
            .Select(g => g.OrderBy(i => i.At).ThenBy(i => i.Id).Last())
            .ToList();

        // Null when the analyses carry no genre information; empty when the user has no positive feedback yet.
        IReadOnlyList<(string Label, double Share)>? shares = null;
        if (store.ListAnalysisSets().Any(s => s.Count > 0))
        {
            var snapshot = RecCli.Load(store, analysis, folderGenres);
            if (snapshot.HasGenres)
            {
                var seeds = SeedResolver.Resolve(snapshot.Context, RecommendationRequest.ForUser(CatalogSnapshot.UserKey(user.Id)));
                shares = snapshot.Context.GenreLabels.Zip(GenreShares.Of(snapshot.Context, seeds))
                    .Where(x => x.Second > 0)
                    .OrderByDescending(x => x.Second)
                    .Select(x => (x.First, x.Second))
                    .ToList();
            }
        }

        if (json)
        {
            UserJsonTrack Track(InteractionRecord i)
            {
                var t = store.FindTrack(i.TrackId);
                return new(i.TrackId, t?.Title, t?.Path, i.Kind == InteractionKind.Rating ? i.Value : null);
            }

            CliJson.Write(new UserJson(
                user.Id,
                user.Name,
                interactions.Count,
                latest.Where(i => i.Kind == InteractionKind.Like).Select(Track).ToList(),
                latest.Where(i => i.Kind == InteractionKind.Dislike).Select(Track).ToList(),
                ratings.Select(Track).ToList(),
                shares?.ToDictionary(x => x.Label, x => Math.Round(x.Share, 4), StringComparer.Ordinal)));
            return 0;
        }

        string Describe(long trackId)
        {
            var t = store.FindTrack(trackId);
            return t is null ? trackId.ToString(CultureInfo.InvariantCulture) : $"{t.Title ?? Path.GetFileName(t.Path)} [{t.Id}]";
        }

        var console = RecCli.Out();
        console.MarkupLineInterpolated($"[bold]{user.Name}[/] (id {user.Id}) · {interactions.Count} interactions");
        var table = new Table().AddColumns("Kind", "Tracks");
        table.AddRow("likes", Markup.Escape(string.Join(", ", latest.Where(i => i.Kind == InteractionKind.Like).Select(i => Describe(i.TrackId)))));
        table.AddRow("dislikes", Markup.Escape(string.Join(", ", latest.Where(i => i.Kind == InteractionKind.Dislike).Select(i => Describe(i.TrackId)))));
        table.AddRow("ratings", Markup.Escape(string.Join(", ", ratings.Select(i => $"{Describe(i.TrackId)}: {i.Value:0}"))));
        console.Write(table);
        if (shares is not null)
        {
            var sharesTable = new Table().AddColumns("Genre", "Share");
            foreach (var (label, share) in shares)
            {
                sharesTable.AddRow(Markup.Escape(label), share.ToString("0.00", CultureInfo.InvariantCulture));
            }

            console.Write(sharesTable.Rows.Count > 0 ? sharesTable : new Markup("genre shares: none yet (no positive likes or ratings)\n"));
        }
        else if (store.ListAnalysisSets().Any(s => s.Count > 0))
        {
            console.MarkupLine("genre shares: the analyses carry no genre information (no classifier, no genre tags).");
        }

        return 0;
    }

    /// <summary>A user as printed by <c>user show --json</c>; <c>genreShares</c> is null when the analyses carry no genres.</summary>
    private sealed record UserJson(
        long Id,
        string Name,
        int Interactions,
        IReadOnlyList<UserJsonTrack> Likes,
        IReadOnlyList<UserJsonTrack> Dislikes,
        IReadOnlyList<UserJsonTrack> Ratings,
        IReadOnlyDictionary<string, double>? GenreShares);

    /// <summary>One track of <see cref="UserJson"/>; <c>rating</c> only on ratings.</summary>
    private sealed record UserJsonTrack(long Id, string? Title, string? Path, double? Rating);

    /// <summary>A catalog track by id or path, or a one-line error.</summary>
    internal static TrackRecord ResolveTrack(ITrackRepository store, string idOrPath)
    {
        if (long.TryParse(idOrPath, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && store.FindTrack(id) is { } byId)
        {
            return byId;
        }

        return store.FindTrackByPath(Path.GetFullPath(idOrPath))
            ?? store.FindTrackByPath(idOrPath)
            ?? throw new RecommendationException($"Unknown track '{idOrPath}': not a catalog id or catalogued path.");
    }
}
