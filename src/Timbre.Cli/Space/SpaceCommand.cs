using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Timbre.App.Space;
using Timbre.Cli.Commands;
using Timbre.Cli.Recommending;
using Timbre.Core.Catalog;
using Timbre.Evaluation.Retrieval;
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
        var weights = new Option<string?>("--weights") { Description = "Block weights, e.g. timbre=1,harmony=1,rhythm=0.25,loudness=1,learned=1 (missing = default: rhythm 0.25, others 1; 0 drops a block)." };
        var noRobust = new Option<bool>("--no-robust") { Description = "No per-dimension robust z-score (centre 0, scale 1)." };
        var noBalance = new Option<bool>("--no-balance") { Description = "Do not equalise the blocks' expected squared norms (gain = √weight)." };
        var whiten = new Option<bool>("--whiten") { Description = "PCA-whiten each block (keeps 95 % of its variance)." };
        var evaluate = new Option<bool>("--evaluate") { Description = "Print leave-one-out album P@5 and MAP@10 (album = parent folder) of the raw embeddings and of the space." };
        var fit = new Command("fit", "Fit the embedding space on the catalog's analyses and store it; every reader then uses it.");
        foreach (var o in new Option[] { catalog, sets, weights, noRobust, noBalance, whiten, evaluate })
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
                BlockWeights = SpaceFitting.ParseWeights(p.GetValue(weights)),
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
        show.Options.Add(catalog);
        show.SetAction(p =>
        {
            using var store = RecCli.OpenStore(p.GetValue(catalog)!);
            var record = store.FindEmbeddingSpace();
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
        if (evaluate)
        {
            Evaluate(data, new EmbeddingSpace(record));
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
            $"{space.Dimension}-d space over {string.Join(" + ", record.Sets.Select(s => $"{s.ModelId} v{s.FeatureVersion}"))}; robust z-score {(record.RobustScaling ? "on" : "off")}, whitening {(record.Whitening ? "on" : "off")}, block balancing {(record.BalanceBlocks ? "on" : "off")}, clamp ±{record.Clamp:0.##}; fitted on {record.FittedOn} tracks at {record.FittedAt.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC."));
    }

    /// <summary>Leave-one-out album retrieval (album = parent folder) of the raw embeddings (sets concatenated) and of the space.</summary>
    private static void Evaluate(SpaceData data, EmbeddingSpace space)
    {
        var albums = data.Paths.Select(p => Path.GetDirectoryName(Path.GetFullPath(p)) ?? "").ToList();
        var raw = Enumerable.Range(0, data.TrackIds.Count).Select(r => data.Inputs.SelectMany(i => i.Vectors[r]).ToArray()).ToList();
        var transformed = Enumerable.Range(0, data.TrackIds.Count).Select(r => space.Transform([.. data.Inputs.Select(i => i.Vectors[r])])).ToList();
        var table = new Table().AddColumns("Embedding", "Dims", "album P@5", "album MAP@10", "chance P@5");
        void Row(string name, List<float[]> vectors)
        {
            var p5 = RetrievalEvaluation.Evaluate(vectors, albums, 5);
            var map10 = RetrievalEvaluation.Evaluate(vectors, albums, 10);
            string F(double v) => v.ToString("0.000", CultureInfo.InvariantCulture);
            table.AddRow(Markup.Escape(name), vectors[0].Length.ToString(CultureInfo.InvariantCulture), F(p5.Precision), F(map10.MeanAveragePrecision), F(p5.Chance));
        }

        Row("raw (as stored)", raw);
        Row("space", transformed);
        CliConsole.Create().Write(table);
        Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{data.TrackIds.Count} tracks, {albums.Distinct().Count()} albums (parent folders), leave-one-out cosine."));
    }
}
