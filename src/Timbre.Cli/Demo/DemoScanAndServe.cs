using System.Globalization;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Spectre.Console;
using Timbre.App.Map;
using Timbre.App.Scanning;
using Timbre.App.Space;
using Timbre.Audio;
using Timbre.Core.Analysis;
using Timbre.Recommendation.Space;
using Timbre.Scanning;
using Timbre.Storage;
using Timbre.Web;
using Timbre.Web.Catalog;

namespace Timbre.Cli.Demo;

/// <summary>Steps "scan" (incremental scan of the library into OUT/timbre.db) and "serve" (the web app until Ctrl-C).</summary>
internal static class DemoScanAndServe
{
    /// <summary>
    /// Scans the library with <paramref name="analyzers"/> (the first leads: its genres are shown); unchanged files
    /// are skipped, analyses of other models dropped (one analyzer); then the catalog's embedding space is refitted (as
    /// <c>timbre scan</c> does), over every analyzer's set (a fused space when there are two).
    /// </summary>
    public static ScanReport Scan(IAnsiConsole console, DemoOptions options, string library, IReadOnlyList<ITrackAnalyzer> analyzers)
    {
        using var store = CatalogStores.Open(options.CatalogPath, create: true);
        // One analyzer: other models' analyses go. Several (a fused space): a stored space over other sets is dropped,
        // so the refit after the scan fuses exactly these (an older encoder's analyses stay, unused).
        var scan = new ScanOptions { Root = library, DeleteOtherAnalyses = analyzers.Count == 1, Prune = true };
        if (analyzers.Count > 1 && store.FindEmbeddingSpace() is { } stored
            && !stored.Sets.Select(s => (s.ModelId, s.FeatureVersion)).SequenceEqual(analyzers.Select(a => (a.ModelId, a.FeatureVersion))))
        {
            store.SaveEmbeddingSpace(null);
        }

        scan.Validate();
        var result = DemoProgress.Run(console, "scanning", report =>
            new LibraryScan(CliAnalyzers.Resolver, AudioDecoders.CreateDefault()).Run(store, scan, analyzers, fitSpace: true, new SyncProgress<ScanProgress>(p =>
            {
                if (p.Failure is { } f)
                {
                    console.MarkupLineInterpolated($"[yellow]skip[/] {f.Path}: {f.Reason}");
                }

                report(p.Processed, p.Found);
            })));
        var report = result.Report;
        console.MarkupLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{report.Seen} files, {report.Analysed} analysed, {report.SkippedUnchanged} unchanged, {report.FailedCount} failed ({Markup.Escape(string.Join(" + ", analyzers.Select(a => a.ModelId)))})"));
        if (result.Space is { } space)
        {
            console.MarkupLine(string.Create(
                CultureInfo.InvariantCulture,
                $"library embedding space fitted on {space.FittedOn} tracks (blocks {Markup.Escape(string.Join(", ", space.Blocks.Select(b => b.Name).Distinct()))})"));
            if (space.Sets.Count > 1)
            {
                float learned = space.Blocks.FirstOrDefault(b => b.Name == EmbeddingBlocks.Learned)?.Weight ?? 0;
                console.MarkupLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"fusion: {Markup.Escape(string.Join(" + ", space.Sets.Select(s => $"{s.ModelId}@v{s.FeatureVersion}")))}, learned block weight {learned:0.##}"));
            }

            if (SpaceFitting.AlbumWhiteningNote(space) is { } note)
            {
                console.MarkupLine($"[grey]{Markup.Escape(note)}[/]");
            }
        }

        console.MarkupLine($"catalog: [bold]{Markup.Escape(options.CatalogPath)}[/]");
        return report;
    }

    /// <summary>
    /// Serves the web app over the demo catalog on <see cref="DemoOptions.Urls"/> until Ctrl-C; uploads added to the
    /// library go to OUT/uploads and are analysed by <paramref name="analyzer"/> and <paramref name="spaceAnalyzers"/>
    /// (the other sets of a fused space).
    /// </summary>
    public static void Serve(IAnsiConsole console, DemoOptions options, ITrackAnalyzer analyzer, IReadOnlyList<ITrackAnalyzer> spaceAnalyzers)
    {
        var web = new TimbreWebOptions { Urls = options.Urls, LibraryDirectory = options.Root }.Validate();
        using var backend = new CatalogBackend(
            CatalogStores.Open(options.CatalogPath, create: true), AudioDecoders.CreateDefault(), analyzer,
            new CatalogBackendOptions { MapCacheFile = LibraryMaps.CacheFileFor(options.CatalogPath), SpaceAnalyzers = spaceAnalyzers },
            openReader: () => CatalogStores.Open(options.CatalogPath, create: true));
        var app = TimbreWeb.Build(web, backend, logging => logging.SetMinimumLevel(LogLevel.Warning));
        app.Start();
        foreach (string address in app.Urls)
        {
            console.Write(new Panel(new Markup($"[bold green]Timbre is running:[/] [link]{Markup.Escape(address)}[/]\nOpen it in your browser; press [bold]Ctrl+C[/] to stop."))
                .Border(BoxBorder.Double).BorderColor(Color.Green));
        }

        app.WaitForShutdown();
    }
}
