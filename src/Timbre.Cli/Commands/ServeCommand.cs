using System.CommandLine;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Spectre.Console;
using Timbre.Analyzers;
using Timbre.Audio;
using Timbre.Core.Errors;
using Timbre.Storage.Sqlite;
using Timbre.Web;
using Timbre.Web.Catalog;
using Timbre.Web.Uploads;

namespace Timbre.Cli.Commands;

/// <summary><c>timbre serve</c>: the web app (library, track pages, upload and analyse, my taste, player) over a catalog.</summary>
internal static class ServeCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var catalog = CatalogCommand.CatalogOption();
        var model = new Option<string>("--model")
        {
            Description = "Analyzer for uploads and the catalog analyses to use: 'summary' (DSP summary features) or a trained model package — the same as for timbre scan.",
            DefaultValueFactory = _ => SummaryFeatureAnalyzer.Id,
        };
        var urls = new Option<string>("--urls") { Description = "Addresses to listen on (';'-separated).", DefaultValueFactory = _ => "http://127.0.0.1:5000" };
        var library = new Option<string?>("--library") { Description = "Folder where uploads added to the library are stored (LIBRARY/uploads); without it uploads are only analysed." };
        var maxUpload = new Option<int>("--max-upload-mb") { Description = "Largest accepted upload in MB.", DefaultValueFactory = _ => 50 };
        var analyses = new Option<int>("--max-analyses") { Description = "Uploads analysed at once; the rest wait in a queue.", DefaultValueFactory = _ => 2 };
        var userUploads = new Option<int>("--max-user-uploads") { Description = "Most songs one signed-in user may add to the library.", DefaultValueFactory = _ => 200 };
        var userUploadMb = new Option<long>("--max-user-upload-mb") { Description = "Most MB of songs one signed-in user may add to the library.", DefaultValueFactory = _ => 2048 };
        var uploadTemp = new Option<string?>("--upload-temp") { Description = "Folder that receives uploads (cleaned of stale files at start); default TEMP/timbre-uploads-<catalog hash>." };
        var command = new Command("serve", "Serve the web app: browse the library, upload a song to get its genre and recommendations, like songs, play them.");
        foreach (var option in new Option[] { catalog, model, urls, library, maxUpload, analyses, userUploads, userUploadMb, uploadTemp })
        {
            command.Options.Add(option);
        }

        command.SetAction(parseResult =>
        {
            if (parseResult.GetValue(maxUpload) is < 1 or > 2048)
            {
                throw new InvalidOptionsException("--max-upload-mb must be 1–2048.");
            }

            if (parseResult.GetValue(userUploadMb) is < 0 or > 1L << 30)
            {
                throw new InvalidOptionsException("--max-user-upload-mb must be 0–1073741824.");
            }

            var options = new TimbreWebOptions
            {
                Urls = parseResult.GetValue(urls)!,
                MaxUploadBytes = parseResult.GetValue(maxUpload) * 1024L * 1024L,
                MaxConcurrentAnalyses = parseResult.GetValue(analyses),
                LibraryDirectory = parseResult.GetValue(library) is { } dir ? Path.GetFullPath(dir) : null,
                MaxUploadsPerUser = parseResult.GetValue(userUploads),
                MaxUploadBytesPerUser = checked(parseResult.GetValue(userUploadMb) * 1024L * 1024L),
                TempDirectory = parseResult.GetValue(uploadTemp) is { } temp
                    ? Path.GetFullPath(temp)
                    : UploadFolders.TempFolderFor(parseResult.GetValue(catalog)!),
            }.Validate();
            return Run(options, parseResult.GetValue(catalog)!, parseResult.GetValue(model)!);
        });
        return command;
    }

    private static int Run(TimbreWebOptions options, string catalogPath, string model)
    {
        var analyzer = ScanCommand.ResolveAnalyzer(model);
        using var backend = new CatalogBackend(new SqliteCatalogStore(catalogPath), AudioDecoders.CreateDefault(), analyzer);
        var app = TimbreWeb.Build(options, backend, logging => logging.SetMinimumLevel(LogLevel.Warning));
        app.Start();
        foreach (var address in app.Urls)
        {
            AnsiConsole.MarkupLine($"[bold]Timbre[/] is serving [link]{Markup.Escape(address)}[/] — catalog {Markup.Escape(Path.GetFullPath(catalogPath))}");
        }

        var stats = backend.Stats();
        AnsiConsole.MarkupLine(string.Create(
            System.Globalization.CultureInfo.InvariantCulture,
            $"{stats.PresentTracks} tracks, {stats.Analysed} analysed by {Markup.Escape(analyzer.ModelId)}@{analyzer.FeatureVersion}, {analyzer.GenreLabels.Count} genre labels, {stats.Users} users"));
        if (stats.Analysed == 0)
        {
            AnsiConsole.MarkupLine($"[yellow]No analyses for this model yet: run[/] timbre scan LIBRARY --catalog {Markup.Escape(catalogPath)} --model {Markup.Escape(model)}");
        }
        AnsiConsole.MarkupLine("Press Ctrl+C to stop.");
        app.WaitForShutdown();
        return 0;
    }
}
