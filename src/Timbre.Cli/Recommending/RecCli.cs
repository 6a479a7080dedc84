using System.CommandLine;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Spectre.Console;
using Timbre.Analyzers;
using Timbre.App.Snapshot;
using Timbre.Audio;
using Timbre.Core.Errors;
using Timbre.Recommendation.Catalog;
using Timbre.Recommendation.Domain;
using Timbre.Recommendation.Recommenders;
using Timbre.Core.Catalog;
using Timbre.Storage;

namespace Timbre.Cli.Recommending;

/// <summary>Options and helpers shared by recommend, user, playlist, radio and eval-rec.</summary>
internal static class RecCli
{
    /// <summary>Names accepted by <c>--method</c> in help order (the registry's).</summary>
    public static string MethodHelp => MethodRegistry.Help;

    /// <summary><c>--analysis MODEL_ID</c>: which analysis set to use (default: the largest).</summary>
    public static Option<string?> AnalysisOption() => new("--analysis")
    {
        Description = "Model id of the analysis set to use (e.g. 'summary'); default: the set with most analysed tracks.",
    };

    /// <summary><c>--folder-genres</c>: untagged tracks take their folder name as genre label.</summary>
    public static Option<bool> FolderGenresOption() => new("--folder-genres")
    {
        Description = "Untagged tracks take the name of their folder as genre label (corpora laid out genre/track.wav).",
    };

    /// <summary><c>--json</c>.</summary>
    public static Option<bool> JsonOption() => new("--json") { Description = "Print JSON instead of a table." };

    /// <summary>A stdout console (follows <see cref="Console.Out"/> redirection, for tests).</summary>
    public static IAnsiConsole Out() => CliConsole.Create();

    /// <summary>Opens an existing catalog, file or PostgreSQL (a missing one is a one-line error, never an empty new catalog).</summary>
    public static ICatalogStore OpenStore(string catalog) => CatalogStores.Open(catalog, create: false);

    /// <summary>Loads the snapshot of a catalog, with the options the web server uses too (<see cref="SnapshotOptions"/>).</summary>
    public static CatalogSnapshot Load(ICatalogStore store, string? analysis, bool folderGenres, GenreFallback fallback = GenreFallback.OneHot)
        => CatalogContextLoader.Load(store, SnapshotOptions.For(analysis, folderGenres: folderGenres, fallback: fallback));

    /// <summary>The registry's canonical name for a CLI name or alias (usercf → user-knn, itemcf → item-knn, cf → user-knn).</summary>
    public static string MethodName(string name)
        => MethodRegistry.Find(name)?.Name ?? throw new InvalidOptionsException($"Unknown method '{name.Trim().ToLowerInvariant()}'; use one of {MethodHelp}.");

    /// <summary>The snapshot's method of a CLI name, refusing clearly when it needs genres the snapshot does not have.</summary>
    public static IRecommender Method(CatalogSnapshot snapshot, string cliName)
    {
        var name = MethodName(cliName);
        if (MethodRegistry.Get(name).NeedsGenres && !snapshot.HasGenres)
        {
            throw new InvalidOptionsException(
                $"Method '{cliName}' needs genre information, but the '{snapshot.Set.ModelId}' analyses have no genre probabilities "
                + "and no analysed track has a genre label; use --method m1 (or a CF method), scan with a model package, "
                + "tag the files, or pass --folder-genres.");
        }

        return snapshot.Recommender(name);
    }

    /// <summary>
    /// Resolves a seed: a catalog id or catalog path (→ <paramref name="ids"/>), else an existing audio file, analysed
    /// with the snapshot's analyzer (→ <paramref name="outside"/>). Anything else is an error.
    /// </summary>
    public static void ResolveSeed(CatalogSnapshot snapshot, string value, string? analyzerName, List<long> ids, List<TrackFeatures> outside)
    {
        if (snapshot.ResolveTrack(value) is { } id)
        {
            ids.Add(id);
            return;
        }

        if (!File.Exists(value))
        {
            throw new RecommendationException($"'{value}' is neither an analysed catalog track id/path nor an audio file.");
        }

        // One analyzer per set the snapshot needs (its set, or every set of its embedding space): summary is built
        // in, a model package comes from --analyzer.
        var analyzers = new List<Timbre.Core.Analysis.ITrackAnalyzer>();
        foreach (var set in snapshot.RequiredSets)
        {
            if (analyzerName is null && !string.Equals(set.ModelId, SummaryFeatureAnalyzer.Id, StringComparison.Ordinal))
            {
                throw new InvalidOptionsException($"To analyse '{value}' with model '{set.ModelId}', pass its package with --analyzer PKG.");
            }

            analyzers.Add(CliAnalyzers.Resolver.ForSet(set.ModelId, set.FeatureVersion, analyzerName));
        }

        outside.Add(OutsideSeeds.ForFile(snapshot, value, analyzers, AudioDecoders.CreateDefault()));
    }

    /// <summary>The catalog user of a name, or a one-line error.</summary>
    public static long UserId(Timbre.Core.Catalog.IUserRepository store, string name)
        => store.FindUserByName(name)?.Id ?? throw new RecommendationException($"Unknown user '{name}'; create it with 'timbre user add {name}'.");

    /// <summary>The genre shown for a track: its label, else the predicted top genre, else "".</summary>
    public static string GenreOf(CatalogSnapshot snapshot, TrackFeatures t)
    {
        if (snapshot.GenreInfo == GenreInfo.Model)
        {
            var row = snapshot.Context.RowOf(t.Id);
            var g = row >= 0 ? snapshot.Context.TopGenreOf(row) : t.TopGenre;
            return g >= 0 ? snapshot.Context.GenreLabels[g] : t.Genre ?? "";
        }

        return t.Genre ?? (t.TopGenre >= 0 && snapshot.HasGenres ? snapshot.Context.GenreLabels[t.TopGenre] : "");
    }

    /// <summary>Prints recommendations as a table or as the documented JSON.</summary>
    public static void Print(CatalogSnapshot snapshot, string method, IReadOnlyList<RecommendedTrack> items, bool json)
    {
        if (json)
        {
            var payload = new
            {
                method,
                items = items.Select(r =>
                {
                    var t = snapshot.FindTrack(r.TrackId)!;
                    return new { id = r.TrackId, path = t.Path, title = t.Title, score = Math.Round(r.Score, 6), genre = GenreOf(snapshot, t), why = r.Why };
                }),
            };
            Console.Out.WriteLine(JsonSerializer.Serialize(payload, JsonOptions));
            return;
        }

        var table = new Table().AddColumns("#", "Title", "Artist", "Genre", "Score", "Why");
        var sets = snapshot.Space is { } sp
            ? string.Join(" + ", sp.Sets.Select(x => $"{x.ModelId} v{x.FeatureVersion}")) + " · library space"
            : $"{snapshot.Set.ModelId} v{snapshot.Set.FeatureVersion}";
        table.Title = new TableTitle(Markup.Escape($"{method} · {sets}"));
        for (var i = 0; i < items.Count; i++)
        {
            var t = snapshot.FindTrack(items[i].TrackId)!;
            table.AddRow(
                (i + 1).ToString(CultureInfo.InvariantCulture),
                Markup.Escape($"{t.Title} [{t.Id}]"),
                Markup.Escape(t.Artist),
                Markup.Escape(GenreOf(snapshot, t)),
                items[i].Score.ToString("0.000", CultureInfo.InvariantCulture),
                Markup.Escape(items[i].Why));
        }

        Out().Write(table);
    }

    /// <summary>Prints a list of track ids (playlist, radio) as a table or JSON <c>{"items":[…]}</c>.</summary>
    public static void PrintTracks(CatalogSnapshot snapshot, string title, IReadOnlyList<long> ids, bool json)
    {
        if (json)
        {
            var payload = new
            {
                kind = title,
                items = ids.Select(id =>
                {
                    var t = snapshot.FindTrack(id)!;
                    return new { id, path = t.Path, title = t.Title, artist = t.Artist, genre = GenreOf(snapshot, t) };
                }),
            };
            Console.Out.WriteLine(JsonSerializer.Serialize(payload, JsonOptions));
            return;
        }

        var table = new Table().AddColumns("#", "Title", "Artist", "Genre", "Path");
        table.Title = new TableTitle(Markup.Escape(title));
        for (var i = 0; i < ids.Count; i++)
        {
            var t = snapshot.FindTrack(ids[i])!;
            table.AddRow((i + 1).ToString(CultureInfo.InvariantCulture), Markup.Escape($"{t.Title} [{t.Id}]"), Markup.Escape(t.Artist), Markup.Escape(GenreOf(snapshot, t)), Markup.Escape(t.Path));
        }

        Out().Write(table);
    }

    /// <summary>JSON settings (readable, non-ASCII kept).</summary>
    public static JsonSerializerOptions JsonOptions { get; } = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
