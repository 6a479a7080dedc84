using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Timbre.Analyzers;
using Timbre.Audio;
using Timbre.App.Scanning;
using Timbre.App.Space;
using Timbre.Core.Analysis;
using Timbre.Core.Audio;
using Timbre.Core.Errors;
using Timbre.Scanning;
using Timbre.Storage;

namespace Timbre.Cli.Commands;

/// <summary>
/// <c>timbre scan LIBRARY_DIR [--catalog FILE] [--model PKG|summary]… [--workers N] [--batch N] [--prune]
/// [--retry-failed] [--no-space]</c>: incremental, parallel, crash-safe scan of a music folder into the catalog. Files
/// that failed in an earlier scan and are unchanged are skipped and counted, not reported again. Several
/// <c>--model</c>s are analysed in one pass (one decode per file). A finished scan refits the catalog's embedding
/// space (the stored space's sets and options, else a default space over the scanned sets) and writes the serving
/// snapshot file `timbre serve` maps (<c>CATALOG.ann</c>), so the next start is fast. Exit 0 when done, 130
/// when interrupted with Ctrl-C (whole batches kept; rerun to resume).
/// </summary>
internal static class ScanCommand
{
    /// <summary>Exit code after Ctrl-C (128 + SIGINT), as shells expect.</summary>
    public const int InterruptedExitCode = 130;

    /// <summary><c>--max-seconds</c>: the analysis window of <c>scan</c> and <c>serve</c>.</summary>
    internal static Option<double> MaxSecondsOption()
    {
        var option = new Option<double>("--max-seconds")
        {
            Description = "Seconds of each track decoded and analysed: the whole track up to this, a longer one as 5 evenly spaced excerpts summing to it.",
            DefaultValueFactory = _ => AnalysisWindowOptions.Default.MaxSeconds,
        };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<double>() is not (>= 1 and <= 86_400))
            {
                result.AddError("--max-seconds must be 1–86400.");
            }
        });
        return option;
    }

    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var library = new Argument<string>("library") { Description = "Music folder to scan recursively." };
        var catalog = CatalogCommand.CatalogOption();
        var model = new Option<string[]>("--model")
        {
            Description = "Analyzer: 'summary' (DSP summary features v1, no neural model), 'summary@2' (v2: + rhythm, key, loudness, MFCC deltas) or a trained model package; repeat to analyse with several in one pass (one decode per file).",
            DefaultValueFactory = _ => [SummaryFeatureAnalyzer.Id],
            AllowMultipleArgumentsPerToken = false,
        };
        var noSpace = new Option<bool>("--no-space")
        {
            Description = "Do not refit the catalog's embedding space after the scan.",
        };
        var workers = new Option<int>("--workers")
        {
            Description = "Parallel decode/analyse workers (each with its own decoder host process when scripts/setup.sh built it; TIMBRE_DECODER=cli runs one ffmpeg per file instead).",
            DefaultValueFactory = _ => Environment.ProcessorCount,
        };
        var batch = new Option<int>("--batch") { Description = "Analyses committed per transaction.", DefaultValueFactory = _ => 64 };
        var prune = new Option<bool>("--prune") { Description = "Delete tracks whose files are gone (with their analyses)." };
        var retryFailed = new Option<bool>("--retry-failed")
        {
            Description = "Decode again files that failed in an earlier scan even if unchanged (default: skip them).",
        };
        var dropOther = new Option<bool>("--drop-other-analyses")
        {
            Description = "Delete analyses made by other models or feature versions before scanning.",
        };
        var maxSeconds = MaxSecondsOption();
        var json = new Option<bool>("--json") { Description = "Print the scan report as one JSON object on stdout; progress and skipped files go to stderr." };
        var cluster = new Option<string?>("--cluster")
        {
            Description = "Scan on the Timbre cluster whose membership is in this PostgreSQL database (usually the --catalog's own): batches of files go to every silo (each must see LIBRARY at the same path). Nothing is marked missing or pruned.",
        };
        var clusterId = ClusterCommand.ClusterIdOption();
        var batchFiles = new Option<int>("--batch-files") { Description = "With --cluster: files per batch handed to a silo.", DefaultValueFactory = _ => 32 };
        var command = new Command("scan", "Scan a music folder into the catalog: new and changed files are decoded and analysed; the serving snapshot file (CATALOG.ann) is written at the end.");
        command.Arguments.Add(library);
        foreach (var o in new Option[] { catalog, model, workers, batch, prune, retryFailed, dropOther, maxSeconds, noSpace, json, cluster, clusterId, batchFiles })
        {
            command.Options.Add(o);
        }

        command.SetAction(parseResult =>
        {
            var options = new ScanOptions
            {
                Root = parseResult.GetValue(library)!,
                Workers = parseResult.GetValue(workers),
                BatchSize = parseResult.GetValue(batch),
                Prune = parseResult.GetValue(prune),
                RetryFailed = parseResult.GetValue(retryFailed),
                DeleteOtherAnalyses = parseResult.GetValue(dropOther),
                AnalysisWindow = new AnalysisWindowOptions { MaxSeconds = parseResult.GetValue(maxSeconds) },
            };
            using var cts = new CancellationTokenSource();
            ConsoleCancelEventHandler onCancel = (_, e) =>
            {
                e.Cancel = true; // keep the process alive: finish or drop the current batch, then exit 130
                cts.Cancel();
            };
            Console.CancelKeyPress += onCancel;
            try
            {
                if (parseResult.GetValue(cluster) is { } clusterDb)
                {
                    if (options.Prune || options.DeleteOtherAnalyses || parseResult.GetValue(json) || parseResult.GetValue(batchFiles) < 1)
                    {
                        throw new InvalidOptionsException("--cluster cannot be combined with --prune, --drop-other-analyses or --json, and --batch-files must be ≥ 1.");
                    }

                    return ScanOnCluster.Run(options, parseResult.GetValue(catalog)!, clusterDb, parseResult.GetValue(clusterId)!, parseResult.GetValue(model)!, parseResult.GetValue(batchFiles), !parseResult.GetValue(noSpace), cts.Token);
                }

                return Run(options, parseResult.GetValue(catalog)!, parseResult.GetValue(model)!, !parseResult.GetValue(noSpace), cts.Token, parseResult.GetValue(json));
            }
            finally
            {
                Console.CancelKeyPress -= onCancel;
            }
        });
        return command;
    }

    /// <summary>Runs the scan with a progress bar, one line per bad file and a summary table.</summary>
    internal static int Run(ScanOptions options, string catalogPath, string model, CancellationToken cancellationToken)
        => Run(options, catalogPath, [model], fitSpace: true, cancellationToken);

    /// <summary>Runs the scan with every analyzer of <paramref name="models"/>, then (unless told not to) refits the space.</summary>
    /// <remarks>With <paramref name="json"/> stdout gets only the report as JSON; the progress bar, skips and notes go to stderr.</remarks>
    internal static int Run(ScanOptions options, string catalogPath, IReadOnlyList<string> models, bool fitSpace, CancellationToken cancellationToken, bool json = false)
    {
        options.Validate();
        var analyzers = CliAnalyzers.Resolver.ResolveAll(models);
        var console = json ? CliConsole.CreateError() : CliConsole.Create();
        var progressConsole = CliConsole.ForProgress(json);
        var notes = json ? Console.Error : Console.Out;
        using var store = CatalogStores.Open(catalogPath, create: true);
        var scan = new LibraryScan(CliAnalyzers.Resolver, AudioDecoders.CreateDefault());
        LibraryScanResult? result = null;
        progressConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask("scanning", maxValue: 1);
                var progress = new SyncProgress<ScanProgress>(p =>
                {
                    if (p.Failure is { } f)
                    {
                        CliConsole.Note(progressConsole, $"[yellow]skip[/] {Markup.Escape(f.Path)}: {Markup.Escape(f.Reason)}");
                    }

                    task.MaxValue = Math.Max(1, p.Found);
                    task.Value = p.Processed;
                    var rate = p.Elapsed.TotalSeconds > 0 ? p.Analysed / p.Elapsed.TotalSeconds : 0;
                    var total = p.EnumerationDone ? p.Found.ToString(CultureInfo.InvariantCulture) : p.Found + "+";
                    task.Description = Markup.Escape(string.Create(
                        CultureInfo.InvariantCulture,
                        $"{p.Processed}/{total} files · {p.Committed} committed · {rate:0.0} tracks/s"));
                });
                result = scan.Run(store, options, analyzers, fitSpace, progress, cancellationToken);
                task.Value = task.MaxValue;
            });

        var done = result!;
        var report = done.Report;
        if (json)
        {
            CliJson.Write(new ScanJson(
                analyzers.Select(a => $"{a.ModelId}@{a.FeatureVersion}").ToList(),
                report,
                report.Elapsed.TotalSeconds,
                done.Space is { } fitted ? fitted.FittedOn : null));
        }
        else
        {
            console.Write(SummaryTable(report, analyzers));
        }

        if (report.AbandonedFailures > 0)
        {
            var n = report.AbandonedFailures;
            notes.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{n} {(n == 1 ? "file was" : "files were")} being analysed when the previous scan stopped (crash, out of memory or killed): recorded as {(n == 1 ? "a failure" : "failures")} and skipped; 'timbre catalog failures' lists them, --retry-failed tries again."));
        }

        if (report.KnownFailures > 0)
        {
            var n = report.KnownFailures;
            // Plain text, not wrapped at the console width, so it reads (and greps) as one line.
            notes.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{n} {(n == 1 ? "file" : "files")} failed earlier and {(n == 1 ? "was" : "were")} skipped (unchanged); --retry-failed to try again, 'timbre catalog failures' to list them."));
        }

        if (report.Cancelled)
        {
            console.MarkupLine("[yellow]Interrupted:[/] committed batches are kept; run the same scan again to resume.");
            return InterruptedExitCode;
        }

        foreach (var a in analyzers)
        {
            ServeCommand.WriteServingSnapshot(store, catalogPath, a.ModelId, a.FeatureVersion, notes);
        }

        if (done.Space is { } space)
        {
            notes.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"Embedding space refitted on {space.FittedOn} tracks: {string.Join(" + ", space.Sets.Select(s => $"{s.ModelId} v{s.FeatureVersion}"))}, blocks {string.Join(", ", space.Blocks.Select(b => b.Name).Distinct())} ('timbre catalog space show')."));
            if (SpaceFitting.AlbumWhiteningNote(space) is { } note)
            {
                notes.WriteLine(note);
            }
        }

        return 0;
    }

    /// <summary>The scan as printed by <c>--json</c>: analyzers as MODEL@VERSION, the report, and how many tracks the refitted space saw (null: not refitted).</summary>
    private sealed record ScanJson(IReadOnlyList<string> Analyzers, ScanReport Report, double ElapsedSeconds, long? SpaceFittedOn);

    private static Table SummaryTable(ScanReport r, IReadOnlyList<ITrackAnalyzer> analyzers)
    {
        var table = new Table().AddColumns("Scan", "Value");
        void Row(string name, string value) => table.AddRow(Markup.Escape(name), Markup.Escape(value));
        string N(double v, string format = "0") => v.ToString(format, CultureInfo.InvariantCulture);
        Row(analyzers.Count == 1 ? "analyzer" : "analyzers", string.Join(", ", analyzers.Select(a => $"{a.ModelId} v{a.FeatureVersion}")));
        Row("audio files found", N(r.Seen));
        Row("analysed", N(r.Analysed));
        Row("skipped unchanged", r.Touched > 0 ? $"{N(r.SkippedUnchanged)} ({N(r.Touched)} touched, same content)" : N(r.SkippedUnchanged));
        Row("failed", N(r.FailedCount));
        Row("known failures skipped", N(r.KnownFailures));
        if (r.AbandonedFailures > 0)
        {
            Row("left by a stopped scan", N(r.AbandonedFailures));
        }

        Row("marked missing", N(r.Missing));
        Row("pruned", r.PrunedFailures > 0 ? $"{N(r.Pruned)} (+{N(r.PrunedFailures)} failure records of gone files)" : N(r.Pruned));
        if (r.DeletedOtherAnalyses > 0)
        {
            Row("other analyses deleted", N(r.DeletedOtherAnalyses));
        }

        Row("batches committed", N(r.BatchesCommitted));
        Row("elapsed", N(r.Elapsed.TotalSeconds, "0.00") + " s");
        Row("tracks/s", N(r.TracksPerSecond, "0.00"));
        Row("audio s/s", N(r.AudioSecondsPerSecond, "0.0"));
        if (r.Cancelled)
        {
            Row("status", "interrupted");
        }

        return table;
    }
}
