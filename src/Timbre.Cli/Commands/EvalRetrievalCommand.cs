using System.CommandLine;
using Spectre.Console;
using Timbre.Cli.Recommending;
using Timbre.Cli.Retrieval;
using Timbre.Core.Errors;

namespace Timbre.Cli.Commands;

/// <summary>
/// <c>timbre eval-retrieval --catalog C [--analysis MODEL@VERSION] [--by album|artist] [--k 5]
/// [--vector embedding|summary|mfcc|space [--raw]] [--root DIR] [--out DIR] [--json]</c>: leave-one-out retrieval scores of an
/// analysis set on the catalog's own albums or artists (tags, else folders).
/// </summary>
internal static class EvalRetrievalCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var catalog = CatalogCommand.CatalogOption();
        var analysis = new Option<string?>("--analysis")
        {
            Description = "Analysis set MODEL or MODEL@VERSION (e.g. summary@1); default: the set with most analysed tracks.",
        };
        var by = new Option<string>("--by")
        {
            Description = "Relevant = same 'album' or same 'artist'; by artist, the query's own album is left out of the candidates (album effect) "
                + "and tracks without a known artist are skipped.",
            DefaultValueFactory = _ => "album",
        };
        var k = new Option<int>("--k") { Description = "Cut-off of P@k, MAP@k and nDCG@k (MAP@10 is always reported too).", DefaultValueFactory = _ => 5 };
        var vector = new Option<string>("--vector")
        {
            Description = "'embedding' (the stored embedding, as recommendations use it), 'summary' (the raw summary features) or "
                + "'mfcc' (the MFCC-20 mean and std rows of the summary features, 40 values); summary and mfcc are z-scored per "
                + "dimension over the evaluated tracks. 'space' = the catalog's fitted embedding space over its sets "
                + "(timbre catalog space fit), as recommendations use it.",
            DefaultValueFactory = _ => "embedding",
        };
        var raw = new Option<bool>("--raw") { Description = "Compare summary or mfcc values as stored, without the per-dimension z-scoring." };
        var root = new Option<string?>("--root")
        {
            Description = "Library folder, to tell Artist/Album/track from flat Album/track; default: the deepest folder holding every track.",
        };
        var proximity = new Option<bool>("--mutual-proximity")
        {
            Description = "Re-rank the best candidates by mutual proximity (Schnitzer et al. 2012: hubness reduction from each track's distance distribution), as similar-song recommendations in a fitted space do by default; without it, plain cosine. Both through the recommender's own scoring.",
        };
        var output = new Option<string?>("--out") { Description = "Also write retrieval.json, retrieval.md and retrieval.png (P@k per group) here." };
        var json = RecCli.JsonOption();
        var command = new Command(
            "eval-retrieval",
            "Leave-one-out retrieval on your own library: does each track find others of its album (or artist) by cosine? P@k, MAP@k, nDCG@k and chance.");
        foreach (var o in new Option[] { catalog, analysis, by, k, vector, raw, root, proximity, output, json })
        {
            command.Options.Add(o);
        }

        command.SetAction(p =>
        {
            var grouping = p.GetValue(by)!.Trim().ToLowerInvariant() switch
            {
                "album" => RetrievalGrouping.Album,
                "artist" => RetrievalGrouping.Artist,
                var other => throw new InvalidOptionsException($"--by must be 'album' or 'artist', got '{other}'."),
            };
            var kind = p.GetValue(vector)!.Trim().ToLowerInvariant() switch
            {
                "embedding" => RetrievalVector.Embedding,
                "summary" => RetrievalVector.Summary,
                "mfcc" => RetrievalVector.Mfcc,
                "space" => RetrievalVector.Space,
                var other => throw new InvalidOptionsException($"--vector must be 'embedding', 'summary', 'mfcc' or 'space', got '{other}'."),
            };
            var cutoff = p.GetValue(k);
            if (cutoff is < 1 or > 1000)
            {
                throw new InvalidOptionsException($"--k must be 1–1000, got {cutoff}.");
            }

            return Run(p.GetValue(catalog)!, p.GetValue(analysis), grouping, kind, cutoff, p.GetValue(root), p.GetValue(output), p.GetValue(json), !p.GetValue(raw), p.GetValue(proximity));
        });
        return command;
    }

    /// <summary>Loads, evaluates, prints (table or JSON) and optionally writes the report files.</summary>
    internal static int Run(string catalogPath, string? analysis, RetrievalGrouping by, RetrievalVector vector, int k, string? root, string? outputDir, bool json, bool standardise = true, bool mutualProximity = false)
    {
        RetrievalReport report;
        using (var store = RecCli.OpenStore(catalogPath))
        {
            var data = RetrievalData.Load(store, analysis, by, vector, root, standardise);
            report = RetrievalReport.Evaluate(catalogPath, data, by, vector, k, standardise, mutualProximity);
        }

        if (json)
        {
            Console.Out.WriteLine(RetrievalReportWriter.Json(report));
        }
        else
        {
            RetrievalReportWriter.Print(report, CliConsole.Create());
        }

        if (outputDir is not null)
        {
            RetrievalReportWriter.Write(report, outputDir);
            var note = $"wrote {string.Join(", ", RetrievalReportWriter.Files.Select(f => Path.Combine(outputDir, f)))}";
            (json ? Console.Error : Console.Out).WriteLine(note);
        }

        return 0;
    }
}
