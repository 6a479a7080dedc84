using System.CommandLine;
using Timbre.Cli.Recommending;
using Timbre.Core.Errors;
using Timbre.Recommendation.Playlists;

namespace Timbre.Cli.Commands;

/// <summary><c>timbre radio --catalog C --seed A [-n 20] [--json] [--m3u F] [--xspf F]</c>: a station that keeps going from a seed without repeats.</summary>
internal static class RadioCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var catalog = CatalogCommand.CatalogOption();
        var seed = new Option<string>("--seed") { Description = "Seed track (catalog id or path).", Required = true };
        var count = new Option<int>("-n", "--count") { Description = "Tracks to play after the seed.", DefaultValueFactory = _ => 20 };
        var seedWeight = new Option<float>("--seed-weight") { Description = "Pull back to the seed in [0, 1] (0 drifts freely).", DefaultValueFactory = _ => 0.5f };
        var analysis = RecCli.AnalysisOption();
        var json = RecCli.JsonOption();
        var files = new PlaylistOutput();
        var command = new Command("radio", "Endless station from a seed song: each next song is near the seed and the last one, never repeated.");
        foreach (var o in new Option[] { catalog, seed, count, seedWeight, analysis, json })
        {
            command.Options.Add(o);
        }

        files.AddTo(command);

        command.SetAction(p =>
        {
            var n = p.GetValue(count);
            if (n < 1)
            {
                throw new InvalidOptionsException($"-n must be >= 1, got {n}.");
            }

            using var store = RecCli.OpenStore(p.GetValue(catalog)!);
            var snapshot = RecCli.Load(store, p.GetValue(analysis), folderGenres: false);
            // The snapshot's space answers at once: these waits never block.
            var radio = new PlaylistBuilder(snapshot.Context).RadioAsync(PlaylistCommand.Resolve(snapshot, p.GetValue(seed)!), new RadioOptions { SeedWeight = p.GetValue(seedWeight) }).GetAwaiter().GetResult();
            var ids = new List<long>();
            while (ids.Count < n && radio.NextAsync().GetAwaiter().GetResult() is { } next)
            {
                ids.Add(next);
            }

            RecCli.PrintTracks(snapshot, "radio", ids, p.GetValue(json));
            PlaylistOutput.Write(snapshot, "Timbre radio", ids, files.Files(p));
            return 0;
        });
        return command;
    }
}
