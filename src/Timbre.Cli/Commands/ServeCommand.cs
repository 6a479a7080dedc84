using System.CommandLine;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Spectre.Console;
using Timbre.Analyzers;
using Timbre.App.Map;
using Timbre.App.Snapshot;
using Timbre.Audio;
using Timbre.Cluster.Hosting;
using Timbre.Cluster.Search;
using Timbre.Core.Audio;
using Timbre.Core.Catalog;
using Timbre.Core.Errors;
using Timbre.Storage;
using Timbre.Web;
using Timbre.Web.Catalog;
using Timbre.Web.Uploads;

namespace Timbre.Cli.Commands;

/// <summary><c>timbre serve</c>: the web app (library, track pages, upload and analyse, my taste, player) over a catalog.</summary>
internal static class ServeCommand
{
    private const string CertPasswordVariable = "TIMBRE_HTTPS_CERT_PASSWORD";

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
        var cert = new Option<string?>("--https-cert") { Description = "HTTPS certificate: a PKCS#12 .pfx file, or a PEM certificate with --https-key. Every --urls entry must then be https://; cookies become Secure and HSTS is sent." };
        var certPassword = new Option<string?>("--https-cert-password") { Description = $"Password of the .pfx (or of an encrypted PEM key); default: the {CertPasswordVariable} environment variable (keeps it out of the process list)." };
        var certKey = new Option<string?>("--https-key") { Description = "PEM private key of a PEM --https-cert." };
        var limits = new RateLimitOptions();
        var noLimits = new Option<bool>("--no-rate-limit") { Description = "Turn every rate limit off (load tests only)." };
        var loginLimit = new Option<int>("--login-limit") { Description = "Sign-in/register/password requests per client address per minute.", DefaultValueFactory = _ => limits.AuthPerAddress };
        var accountFailures = new Option<int>("--account-failures") { Description = "Failed sign-ins per account name (from any address) before it is locked.", DefaultValueFactory = _ => limits.FailuresPerAccount };
        var lockout = new Option<int>("--account-lockout-minutes") { Description = "How long an account name stays locked (counted from its first failure).", DefaultValueFactory = _ => (int)limits.AccountLockout.TotalMinutes };
        var analyzeAnonymous = new Option<int>("--analyze-limit") { Description = "Uploads analysed per minute per client address when not signed in.", DefaultValueFactory = _ => limits.AnalyzePerMinuteAnonymous };
        var analyzeUser = new Option<int>("--analyze-limit-user") { Description = "Uploads analysed per minute per signed-in user.", DefaultValueFactory = _ => limits.AnalyzePerMinuteUser };
        var userUploads = new Option<int>("--max-user-uploads") { Description = "Most songs one signed-in user may add to the library.", DefaultValueFactory = _ => 200 };
        var userUploadMb = new Option<long>("--max-user-upload-mb") { Description = "Most MB of songs one signed-in user may add to the library.", DefaultValueFactory = _ => 2048 };
        var uploadTemp = new Option<string?>("--upload-temp") { Description = "Folder that receives uploads (cleaned of stale files at start); default TEMP/timbre-uploads-<catalog hash>." };
        var maxSeconds = ScanCommand.MaxSecondsOption();
        var cluster = new Option<string?>("--cluster")
        {
            Description = "Run as a client of the Timbre cluster whose membership is in this PostgreSQL database (usually the --catalog's own): similar-song search (method 1) goes to the silos' sharded index and this server loads the whole index only for what still needs it. /readyz is 503 while no silo answers.",
        };
        var clusterId = ClusterCommand.ClusterIdOption();
        var shards = ClusterCommand.ShardsOption();
        var command = new Command("serve", "Serve the web app: browse the library, upload a song to get its genre and recommendations, like songs, play them.");
        foreach (var option in new Option[] { catalog, model, urls, library, maxUpload, analyses, cert, certPassword, certKey, noLimits, loginLimit, accountFailures, lockout, analyzeAnonymous, analyzeUser, maxSeconds, userUploads, userUploadMb, uploadTemp, cluster, clusterId, shards })
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
                HttpsCertificateFile = parseResult.GetValue(cert) is { } c ? Path.GetFullPath(c) : null,
                HttpsKeyFile = parseResult.GetValue(certKey) is { } k ? Path.GetFullPath(k) : null,
                HttpsCertificatePassword = parseResult.GetValue(certPassword) ?? Environment.GetEnvironmentVariable(CertPasswordVariable),
                RateLimits = new RateLimitOptions
                {
                    Enabled = !parseResult.GetValue(noLimits),
                    AuthPerAddress = parseResult.GetValue(loginLimit),
                    FailuresPerAccount = parseResult.GetValue(accountFailures),
                    AccountLockout = TimeSpan.FromMinutes(parseResult.GetValue(lockout)),
                    AnalyzePerMinuteAnonymous = parseResult.GetValue(analyzeAnonymous),
                    AnalyzePerMinuteUser = parseResult.GetValue(analyzeUser),
                },
                MaxUploadsPerUser = parseResult.GetValue(userUploads),
                MaxUploadBytesPerUser = checked(parseResult.GetValue(userUploadMb) * 1024L * 1024L),
                TempDirectory = parseResult.GetValue(uploadTemp) is { } temp
                    ? Path.GetFullPath(temp)
                    : UploadFolders.TempFolderFor(parseResult.GetValue(catalog)!),
            }.Validate();
            var window = new AnalysisWindowOptions { MaxSeconds = parseResult.GetValue(maxSeconds) };
            var catalogPath = parseResult.GetValue(catalog)!;
            if (parseResult.GetValue(cluster) is not { } clusterDb)
            {
                return Run(options, catalogPath, parseResult.GetValue(model)!, window, null);
            }

            if (!CatalogStores.IsPostgres(catalogPath))
            {
                throw new InvalidOptionsException("--cluster needs a PostgreSQL --catalog (every silo opens the same catalog).");
            }

            var analyzer = CliAnalyzers.Resolve(parseResult.GetValue(model)!);
            var spec = ShardRows.Canonical(new ShardSpec { Catalog = catalogPath, ModelId = analyzer.ModelId, FeatureVersion = analyzer.FeatureVersion, Count = parseResult.GetValue(shards) });
            var index = ClusterIndex.Connect(new ClusterSettings { Database = clusterDb, ClusterId = parseResult.GetValue(clusterId)! }, spec);
            try
            {
                return Run(options, catalogPath, parseResult.GetValue(model)!, window, index);
            }
            finally
            {
                index.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }
        });
        return command;
    }

    /// <summary>
    /// Writes the serving snapshot file `serve --model` of the analyzer maps (see <see cref="ServingSnapshot"/>), unless
    /// it is current, and says so on <paramref name="notes"/>; a catalog without those analyses, or a file that cannot
    /// be written, only costs the next start its full load.
    /// </summary>
    internal static void WriteServingSnapshot(ICatalogStore store, string catalogPath, string modelId, int featureVersion, TextWriter notes)
    {
        try
        {
            if (ServingSnapshot.WriteFile(store, catalogPath, modelId, featureVersion) is { Written: true } done)
            {
                notes.WriteLine($"Serving snapshot written for 'timbre serve': {done.File}");
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or Timbre.Recommendation.Domain.RecommendationException)
        {
            notes.WriteLine($"Serving snapshot not written ({e.Message}); 'timbre serve' will load the catalog in full once.");
        }
    }

    private static int Run(TimbreWebOptions options, string catalogPath, string model, AnalysisWindowOptions window, ClusterIndex? cluster)
    {
        var analyzer = CliAnalyzers.Resolve(model);
        using var backend = new CatalogBackend(
            CatalogStores.Open(catalogPath, create: true),
            AudioDecoders.CreateDefault(),
            analyzer,
            new CatalogBackendOptions
            {
                AnalysisWindow = window,
                // The HNSW graph lives next to a SQLite file; a PostgreSQL catalog's server builds it in memory.
                GraphDirectory = ServingSnapshot.GraphDirectoryOf(catalogPath),
                MapCacheFile = LibraryMaps.CacheFileFor(catalogPath),
                SharedIndex = cluster,
                MapJob = cluster?.MapJob(),
            },
            openReader: () => CatalogStores.Open(catalogPath, create: false));
        var app = TimbreWeb.Build(options, backend, logging => logging.SetMinimumLevel(LogLevel.Warning));
        app.Start();
        // Load the snapshot now rather than on the first request, so /readyz turns ready on its own.
        _ = Task.Run(() =>
        {
            try
            {
                backend.WarmUp();
            }
            catch (TimbreException e)
            {
                Console.Error.WriteLine($"timbre: warning: the recommendation snapshot did not load: {e.Message}");
            }
        });
        foreach (var address in app.Urls)
        {
            AnsiConsole.MarkupLine($"[bold]Timbre[/] is serving [link]{Markup.Escape(address)}[/] — catalog {Markup.Escape(CatalogStores.Describe(catalogPath))}");
        }

        var stats = backend.Stats();
        AnsiConsole.MarkupLine(string.Create(
            System.Globalization.CultureInfo.InvariantCulture,
            $"{stats.PresentTracks} tracks, {stats.Analysed} analysed by {Markup.Escape(analyzer.ModelId)}@v{analyzer.FeatureVersion}, {analyzer.GenreLabels.Count} genre labels, {stats.Users} users"));
        if (stats.Analysed == 0)
        {
            using var store = CatalogStores.Open(catalogPath, create: false);
            var hint = ServeHints.NoAnalyses(model, analyzer.ModelId, CatalogStores.Describe(catalogPath), store.ListAnalysisSets());
            AnsiConsole.MarkupLine($"[yellow]{Markup.Escape(hint)}[/]");
        }
        if (cluster is not null)
        {
            AnsiConsole.MarkupLine("Similar songs come from the cluster's sharded index; /readyz says whether it answers. The library map is read from the catalog, computed once by a silo.");
        }

        AnsiConsole.MarkupLine("Press Ctrl+C to stop.");
        app.WaitForShutdown();
        return 0;
    }
}
