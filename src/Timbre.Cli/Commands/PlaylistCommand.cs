using System.CommandLine;
using Timbre.Cli.Recommending;
using Timbre.Recommendation.Domain;
using Timbre.Recommendation.Playlists;

namespace Timbre.Cli.Commands;

/// <summary><c>timbre playlist --catalog C --from A --to B [-n 10] [--json] [--m3u F] [--xspf F]</c>: a smooth path through embedding space.</summary>
internal static class PlaylistCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var catalog = CatalogCommand.CatalogOption();
        var from = new Option<string>("--from") { Description = "First track (catalog id or path).", Required = true };
        var to = new Option<string>("--to") { Description = "Last track (catalog id or path).", Required = true };
        var count = new Option<int>("-n", "--count") { Description = "Playlist length (≥ 2, endpoints included).", DefaultValueFactory = _ => 10 };
        var analysis = RecCli.AnalysisOption();
        var json = RecCli.JsonOption();
        var files = new PlaylistOutput();
        var command = new Command("playlist", "A playlist that moves smoothly from one song to another.");
        foreach (var o in new Option[] { catalog, from, to, count, analysis, json })
        {
            command.Options.Add(o);
        }

        files.AddTo(command);

        command.SetAction(p =>
        {
            using var store = RecCli.OpenStore(p.GetValue(catalog)!);
            var snapshot = RecCli.Load(store, p.GetValue(analysis), folderGenres: false);
            var a = Resolve(snapshot, p.GetValue(from)!);
            var b = Resolve(snapshot, p.GetValue(to)!);
            if (a == b)
            {
                throw new RecommendationException("--from and --to are the same track.");
            }

            var ids = new PlaylistBuilder(snapshot.Context).PathAsync(a, b, p.GetValue(count)).GetAwaiter().GetResult(); // the snapshot answers at once
            RecCli.PrintTracks(snapshot, "playlist", ids, p.GetValue(json));
            PlaylistOutput.Write(snapshot, "Timbre playlist", ids, files.Files(p));
            return 0;
        });
        return command;
    }

    /// <summary>A catalog track (id or path) with an analysis in the snapshot, or a one-line error.</summary>
    internal static long Resolve(Timbre.Recommendation.Catalog.CatalogSnapshot snapshot, string value)
        => snapshot.ResolveTrack(value) ?? throw new RecommendationException($"Unknown track '{value}': not an analysed catalog id or path.");
}
