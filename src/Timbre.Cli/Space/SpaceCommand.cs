using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Timbre.App.Space;
using Timbre.Cli.Commands;
using Timbre.Cli.Recommending;
using Timbre.Core.Catalog;
using Timbre.Evaluation.Retrieval;
using Timbre.Recommendation.Hubness;
using Timbre.Recommendation.Space;

namespace Timbre.Cli.Space;

/// <summary>
/// <c>timbre catalog space fit|show|clear</c>: the catalog's embedding space (library standardisation, block weights,
/// fusion of analysis sets), fitted on the catalog and stored with it.
/// <c>fit [--sets A,B] [--weights timbre=1,harmony=1,…] [--no-robust] [--no-balance] [--whiten] [--evaluate]</c>.
/// </summary>
internal static class SpaceCommand
{
    /// <summary>Builds the <c>space</c> command group.</summary>
    public static Command Create()
    {
        var command = new Command("space", "Fit, show or clear the catalog's embedding space (library standardisation, block weights, fusion).");
        command.Subcommands.Add(FitCommand());
        command.Subcommands.Add(ShowCommand());
        command.Subcommands.Add(ClearCommand());
        return command;
    }

    private static Command FitCommand()
    {
        var catalog = CatalogCommand.CatalogOption();
        var sets = new Option<string?>("--sets") { Description = "Analysis sets to fuse, comma-separated (model, model@N or model@vN); default: the largest set." };
        var weights = new Option<string?>("--weights") { Description = "Block weights, e.g. timbre=1,harmony=1,rhythm=0.25,loudness=1,learned=1 (missing = default: rhythm 0.25, learned 0.5, others 1; 0 drops a block)." };
        var noRobust = new Option<bool>("--no-robust") { Description = "No per-dimension robust z-score (centre 0, scale 1)." };
        var noBalance = new Option<bool>("--no-balance") { Description = "Do not equalise the blocks' expected squared norms (gain = √weight)." };
        var whiten = new Option<bool>("--whiten") { Description = "PCA-whiten each block (keeps 95 % of its variance); only with --no-album-whitening." };
        var noAlbums = new Option<bool>("--no-album-whitening")
        {
            Description = $"Do not learn within-album whitening from the library's albums (tags, else folders; fitted only from {EmbeddingSpaceOptions.DefaultMinAlbums} or more albums of 2+ tracks).",
        };
        var noProximity = new Option<bool>("--no-mutual-proximity")
        {
            Description = "Rank similar songs by plain cosine: do not re-rank the best candidates by mutual proximity (default: re-rank, from a sample of the library's tracks).",
        };
        var proximitySample = new Option<int>("--proximity-sample")
        {
            Description = "Tracks sampled to estimate each track's distance distribution for mutual proximity.",
            DefaultValueFactory = _ => MutualProximityOptions.DefaultSampleSize,
        };
        var evaluate = new Option<bool>("--evaluate")
        {
            Description = "Print leave-one-out album P@5 and MAP@10 of the raw embeddings and of the space; an album-whitened space is scored with 3 folds by album x 5 repeats (never on an album it learned from).",
        };
        var fit = new Command("fit", "Fit the embedding space on the catalog's analyses and store it; every reader then uses it.");
        foreach (var o in new Option[] { catalog, sets, weights, noRobust, noBalance, whiten, noAlbums, noProximity, proximitySample, evaluate })
        {
            fit.Options.Add(o);
        }

        fit.SetAction(p =>
        {
            var options = new EmbeddingSpaceOptions
            {
                RobustScaling = !p.GetValue(noRobust),
                BalanceBlocks = !p.GetValue(noBalance),
                Whitening = p.GetValue(whiten),
                AlbumWhitening = !p.GetValue(noAlbums),
                BlockWeights = SpaceFitting.ParseWeights(p.GetValue(weights)),
                MutualProximity = p.GetValue(noProximity) ? null : MutualProximityOptions.Default with { SampleSize = p.GetValue(proximitySample) },
            }.Validate();
            var names = (p.GetValue(sets) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            return Fit(p.GetValue(catalog)!, names, options, p.GetValue(evaluate));
        });
        return fit;
    }

    private static Command ShowCommand()
    {
        var catalog = CatalogCommand.CatalogOption();
        var show = new Command("show", "Print the catalog's embedding space: sets, blocks, weights, fitted-on count and time.");
        var json = new Option<bool>("--json") { Description = "Print one JSON object (null when no space is fitted) instead of a table." };
        show.Options.Add(catalog);
        show.Options.Add(json);
        show.SetAction(p =>
        {
            using var store = RecCli.OpenStore(p.GetValue(catalog)!);
            var record = store.FindEmbeddingSpace();
            if (p.GetValue(json))
            {
                CliJson.Write(record is null ? null : SpaceJson.Of(record));
                return 0;
            }

            if (record is null)
            {
                Console.Out.WriteLine("No embedding space fitted: recommenders use the raw embeddings ('timbre catalog space fit' fits one).");
                return 0;
            }

            Print(record);
            return 0;
        });
        return show;
    }

    private static Command ClearCommand()
    {
        var catalog = CatalogCommand.CatalogOption();
        var clear = new Command("clear", "Remove the catalog's embedding space (recommenders go back to the raw embeddings until the next scan refits it).");
        clear.Options.Add(catalog);
        clear.SetAction(p =>
        {
            using var store = RecCli.OpenStore(p.GetValue(catalog)!);
            store.SaveEmbeddingSpace(null);
            Console.Out.WriteLine("Embedding space removed.");
            return 0;
        });
        return clear;
    }

    private static int Fit(string catalogPath, IReadOnlyList<string> setNames, EmbeddingSpaceOptions options, bool evaluate)
    {
        using var store = RecCli.OpenStore(catalogPath);
        var sets = SpaceFitting.Sets(store, setNames);
        var data = SpaceFitting.Read(store, sets, evaluate ? int.MaxValue : options.MaxFitTracks);
        var record = SpaceFitting.Fit(data, options);
        store.SaveEmbeddingSpace(record);
        Print(record);
        if (SpaceFitting.AlbumWhiteningNote(record, data.Albums) is { } note)
        {
            Console.Out.WriteLine(note);
        }

        if (evaluate)
        {
            Evaluate(data, record, options);
        }

        return 0;
    }

    private static void Print(EmbeddingSpaceRecord record)
    {
        var space = new EmbeddingSpace(record);
        var console = CliConsole.Create();
        string F(double v, string format = "0.###") => v.ToString(format, CultureInfo.InvariantCulture);
        var table = new Table().AddColumns("Block", "Set", "Dims in", "Dims out", "Weight", "Gain");
        for (var i = 0; i < record.Blocks.Count; i++)
        {
            var b = record.Blocks[i];
            var set = record.Sets[b.Set];
            table.AddRow(
                Markup.Escape(b.Name),
                Markup.Escape($"{set.ModelId} v{set.FeatureVersion}"),
                F(b.Dimensions.Length),
                F(space.Blocks[i].Length),
                F(b.Weight),
                F(b.Gain, "0.####"));
        }

        console.Write(table);
        Console.Out.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{space.Dimension}-d space over {string.Join(" + ", record.Sets.Select(s => $"{s.ModelId} v{s.FeatureVersion}"))}; robust z-score {(record.RobustScaling ? "on" : "off")}, whitening {(record.Whitening ? "on" : "off")}, within-album whitening {(record.WhitenedAlbums > 0 ? $"on ({record.WhitenedAlbums} albums)" : "off")}, block balancing {(record.BalanceBlocks ? "on" : "off")}, clamp ±{record.Clamp:0.##}; fitted on {record.FittedOn} tracks at {record.FittedAt.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC."));
    }

    /// <summary>
    /// Leave-one-out album retrieval (albums from tags, else folders) of the raw embeddings (sets concatenated), of the
    /// space without labels, and, when the space learned from albums, of that space cross-fitted by album.
    /// </summary>
    private static void Evaluate(SpaceData data, EmbeddingSpaceRecord record, EmbeddingSpaceOptions options)
    {
        var albums = data.Albums;
        var n = data.TrackIds.Count;
        var raw = Enumerable.Range(0, n).Select(r => data.Inputs.SelectMany(i => i.Vectors[r]).ToArray()).ToList();
        var labelFree = record.WhitenedAlbums > 0 ? new EmbeddingSpace(SpaceFitting.Fit(data, options with { AlbumWhitening = false })) : new EmbeddingSpace(record);
        var transformed = Enumerable.Range(0, n).Select(r => labelFree.Transform([.. data.Inputs.Select(i => i.Vectors[r])])).ToList();
        var table = new Table().AddColumns("Embedding", "Dims", "album P@5", "album MAP@10", "chance P@5");
        string F(double v) => v.ToString("0.000", CultureInfo.InvariantCulture);
        void Row(string name, RetrievalResult p5, RetrievalResult map10, int dims)
            => table.AddRow(Markup.Escape(name), dims.ToString(CultureInfo.InvariantCulture), F(p5.Precision), F(map10.MeanAveragePrecision), F(p5.Chance));

        Row("raw (as stored)", RetrievalEvaluation.Evaluate(raw, albums, 5), RetrievalEvaluation.Evaluate(raw, albums, 10), raw[0].Length);
        Row("space, no labels", RetrievalEvaluation.Evaluate(transformed, albums, 5), RetrievalEvaluation.Evaluate(transformed, albums, 10), labelFree.Dimension);
        if (record.WhitenedAlbums > 0)
        {
            var folds = SpaceCrossFitting.Run(data.Inputs, albums, options);
            Row("space + within-album whitening (3 folds by album x 5)", SpaceCrossFitting.Evaluate(folds, albums, 5), SpaceCrossFitting.Evaluate(folds, albums, 10), labelFree.Dimension);
        }

        CliConsole.Create().Write(table);
        Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{n} tracks, {albums.Distinct().Count()} albums (tags, else folders), leave-one-out cosine."));
    }
}
