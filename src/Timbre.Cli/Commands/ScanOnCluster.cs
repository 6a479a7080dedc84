using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;
using Timbre.App.Space;
using Timbre.Cluster.Scanning;
using Timbre.Scanning;
using Timbre.Storage;

namespace Timbre.Cli.Commands;

/// <summary>
/// <c>timbre scan DIR --catalog DB --cluster DB</c>: the scan cut into batches that the cluster's silos scan with the
/// same journey as a local scan (each silo must see the library at the same path and reach the catalog); the client
/// follows the job, submits it again if the coordinator's silo dies, then refits the embedding space once.
/// </summary>
internal static class ScanOnCluster
{
    /// <summary>Runs the distributed scan; 0 when every batch is done, 1 when some were given up, 130 when interrupted.</summary>
    public static int Run(ScanOptions options, string catalog, string cluster, string clusterId, IReadOnlyList<string> models, int batchFiles, bool fitSpace, CancellationToken cancellationToken)
    {
        options.Validate();
        var analyzers = CliAnalyzers.Resolver.ResolveAll(models);
        var job = ClusterScan.Plan(catalog, options.Root, models, batchFiles, options.Extensions, options.FollowSymlinks) with
        {
            Workers = options.Workers,
            MaxSeconds = options.AnalysisWindow.MaxSeconds,
            RetryFailed = options.RetryFailed,
        };
        using var host = ClusterCommand.Connect(cluster, clusterId);
        var scan = new ClusterScan(host.Services.GetRequiredService<IClusterClient>());
        var console = CliConsole.Create();
        var started = DateTime.UtcNow;
        ScanJobStatus? status = null;
        CliConsole.ForProgress().Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new SpinnerColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask("scanning on the cluster", maxValue: Math.Max(1, job.Batches.Length));
                var progress = new SyncProgress<ScanJobStatus>(s =>
                {
                    task.Value = s.Done;
                    task.Description = Markup.Escape(string.Create(CultureInfo.InvariantCulture, $"{s.Done}/{s.Batches} batches · {s.Leased} scanning · {s.DoneBy.Where(d => d is not null).Distinct().Count()} silos"));
                });
                status = scan.RunAsync(job, progress, cancellationToken: cancellationToken).GetAwaiter().GetResult();
                task.Value = task.MaxValue;
            });

        var done = status!;
        var table = new Table().AddColumns("Cluster scan", "Value");
        void Row(string name, string value) => table.AddRow(Markup.Escape(name), Markup.Escape(value));
        string N(double v) => v.ToString("0", CultureInfo.InvariantCulture);
        Row("files", N(job.Batches.Sum(b => b.Length)));
        Row("batches done", $"{done.Done}/{done.Batches} ({batchFiles} files each)");
        foreach (var silo in done.DoneBy.Where(s => s is not null).GroupBy(s => s!).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            Row($"  by {silo.Key}", N(silo.Count()));
        }

        Row("analysed", N(done.Totals.Analysed));
        Row("unchanged", N(done.Totals.Unchanged));
        Row("failed files", N(done.Totals.Failed));
        Row("batches handed out again", N(done.Reassigned));
        Row("batches given up", N(done.FailedBatches.Length));
        Row("elapsed", (DateTime.UtcNow - started).TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture) + " s");
        console.Write(table);
        foreach (var failed in done.FailedBatches)
        {
            Console.Error.WriteLine($"timbre: error: {failed}");
        }

        if (done.Cancelled)
        {
            console.MarkupLine("[yellow]Interrupted:[/] batches done are kept; run the same scan again to resume.");
            return ScanCommand.InterruptedExitCode;
        }

        if (fitSpace)
        {
            using var store = CatalogStores.Open(catalog, create: false);
            if (SpaceFitting.RefitAfterScan(store, [.. analyzers.Select(a => (a.ModelId, a.FeatureVersion))]) is { } space)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Embedding space refitted on {space.FittedOn} tracks."));
            }
        }

        return done.FailedBatches.Length == 0 ? 0 : 1;
    }
}
