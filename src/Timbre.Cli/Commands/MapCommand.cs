using System.CommandLine;
using Spectre.Console;
using Timbre.App.Map;
using Timbre.Cli.Recommending;
using Timbre.Core.Errors;
using Timbre.Recommendation.Projection;
using Timbre.Reporting;

namespace Timbre.Cli.Commands;

/// <summary>
/// <c>timbre map --catalog C [--out map.png] [--by genre|album]</c>: computes the library map (the web app's
/// /map.html) and stores it in the catalog, where every <c>timbre serve</c> on it reads it; with --out also a picture.
/// </summary>
internal static class MapCommand
{
    /// <summary>Up to this many tracks the command also prints how many 10-nearest neighbours the map keeps.</summary>
    private const int ScoreUpTo = 2000;

    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var catalog = CatalogCommand.CatalogOption();
        var output = new Option<string?>("--out", "-o") { Description = "PNG file to write (optional: the map is stored in the catalog either way)." };
        var by = new Option<string>("--by") { Description = "Colour points by genre (tag, else predicted) or album.", DefaultValueFactory = _ => "genre" };
        by.AcceptOnlyFromAmong("genre", "album");
        var analysis = RecCli.AnalysisOption();
        var command = new Command("map", "Every analysed track as a point in 2-D (PCA, then t-SNE of the vectors recommendations compare), stored in the catalog\n"
            + "for the web app's map (every server on the catalog reads it instead of computing it), and with --out written as a PNG.\n"
            + "Example: timbre map --catalog timbre.db --out map.png --by album");
        foreach (var o in new Option[] { catalog, output, by, analysis })
        {
            command.Options.Add(o);
        }

        command.SetAction(p =>
        {
            var catalogPath = p.GetValue(catalog)!;
            using var store = RecCli.OpenStore(catalogPath);
            var sequence = store.ContentSequence(); // before the load: the stored map's stamp
            var snapshot = RecCli.Load(store, p.GetValue(analysis), folderGenres: false);
            var tracks = snapshot.Context.Tracks;
            if (tracks.Count < 2)
            {
                throw new TimbreException($"Catalog {catalogPath} has {tracks.Count} analysed track(s); a map needs at least 2.");
            }

            var maps = new LibraryMaps(LibraryMaps.CacheFileFor(catalogPath), catalog: new MapCatalog(store.ReadLibraryMap, store.WriteLibraryMap, () => sequence));
            LibraryMap map = null!;
            CliConsole.ForProgress(json: true).Progress().Start(ctx =>
            {
                var task = ctx.AddTask($"Mapping {tracks.Count} tracks", maxValue: 1);
                map = maps.Compute(snapshot, f => task.Value = f);
                task.Value = 1;
            });
            if (p.GetValue(output) is not { } outPath)
            {
                Console.WriteLine($"{tracks.Count} tracks → the catalog's library map of {snapshot.Context.FeatureVersion}");
                return 0;
            }

            var byAlbum = p.GetValue(by) == "album";
            var groups = map.Points.Select(pt =>
            {
                var t = snapshot.FindTrack(pt.Id)!;
                return byAlbum
                    ? (string.IsNullOrWhiteSpace(t.Album) ? "no album" : t.Album)
                    : t.Genre ?? snapshot.PredictedGenre(pt.Id) ?? "unknown";
            }).ToList();
            MapPlot.Write(outPath, [.. map.Points.Select(pt => (double)pt.X)], [.. map.Points.Select(pt => (double)pt.Y)], groups,
                $"{tracks.Count} tracks by {(byAlbum ? "album" : "genre")} ({snapshot.Context.FeatureVersion})");
            var line = $"{tracks.Count} tracks → {outPath}";
            if (tracks.Count <= ScoreUpTo)
            {
                var index = snapshot.Context.Index;
                var high = Enumerable.Range(0, index.Count).Select(r => index.VectorAt(r).ToArray().Select(v => (double)v).ToArray()).ToArray();
                var low = map.Points.Select(pt => new double[] { pt.X, pt.Y }).ToArray();
                line += $"; 10-nearest neighbours kept: {NeighbourPreservation.Score(high, low, 10):0.000} (chance {Math.Min(1, 10.0 / (tracks.Count - 1)):0.000})";
            }

            Console.WriteLine(line);
            return 0;
        });
        return command;
    }
}
