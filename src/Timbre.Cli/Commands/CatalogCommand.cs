using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Spectre.Console;
using Timbre.Storage;

namespace Timbre.Cli.Commands;

/// <summary>
/// <c>timbre catalog stats --catalog FILE [--json]</c>: row counts, schema version and integrity of a catalog;
/// <c>timbre catalog failures --catalog FILE [--json]</c>: files that scans could not decode or analyse;
/// <c>timbre catalog synth</c>: a synthetic catalog (<see cref="CatalogSynthCommand"/>);
/// <c>timbre catalog space fit|show|clear</c>: the embedding space (<see cref="Space.SpaceCommand"/>).
/// </summary>
internal static class CatalogCommand
{
    /// <summary>The shared <c>--catalog FILE|postgresql://…</c> option (default ./timbre.db), opened by <see cref="CatalogStores"/>.</summary>
    public static Option<string> CatalogOption() => new("--catalog")
    {
        Description = "Catalog: a SQLite file, or a PostgreSQL database as postgresql://user@host:port/db (or a 'Host=…;Database=…' connection string).",
        DefaultValueFactory = _ => "timbre.db",
    };

    /// <summary>Builds the command group.</summary>
    public static Command Create()
    {
        var catalog = CatalogOption();
        var stats = new Command("stats", "Print track, analysis, user and interaction counts of a catalog.");
        var statsJson = new Option<bool>("--json") { Description = "Print one JSON object instead of a table." };
        stats.Options.Add(catalog);
        stats.Options.Add(statsJson);
        stats.SetAction(parseResult => Stats(parseResult.GetValue(catalog)!, parseResult.GetValue(statsJson)));
        var failuresCatalog = CatalogOption();
        var json = new Option<bool>("--json") { Description = "Print a JSON array instead of a table." };
        var failures = new Command("failures", "List files that scans could not decode or analyse (skipped while unchanged).");
        failures.Options.Add(failuresCatalog);
        failures.Options.Add(json);
        failures.SetAction(parseResult => Failures(parseResult.GetValue(failuresCatalog)!, parseResult.GetValue(json)));
        var command = new Command("catalog", "Inspect a catalog, fit its embedding space, or write a synthetic one.");
        command.Subcommands.Add(stats);
        command.Subcommands.Add(failures);
        command.Subcommands.Add(CatalogSynthCommand.Create());
        command.Subcommands.Add(Space.SpaceCommand.Create());
        return command;
    }

    /// <summary>Prints the statistics of an existing catalog, as a table or one JSON object.</summary>
    internal static int Stats(string catalogPath, bool json = false)
    {
        using var store = CatalogStores.Open(catalogPath, create: false);
        var (kind, name, schemaVersion) = CatalogStores.Info(store);
        var s = store.GetStats();
        var sets = store.ListAnalysisSets();
        var space = store.FindEmbeddingSpace();
        int failures = store.ListScanFailures().Count;
        string integrity = store.IntegrityCheck();
        if (json)
        {
            var document = new StatsJson(
                name, schemaVersion, s.PresentTracks, s.MissingTracks, s.Analyses,
                sets.Select(x => new AnalysisSetJson(x.ModelId, x.FeatureVersion, x.EmbeddingDimension, x.GenreLabels.Count, x.Count)).ToList(),
                space is null ? null : new SpaceJson(space.Sets.Select(x => $"{x.ModelId}@{x.FeatureVersion}").ToList(), space.Blocks.Sum(b => b.OutputLength), space.FittedOn),
                failures, s.Users, s.Interactions, integrity);
            CliJson.Write(document);
            return 0;
        }

        var console = CliConsole.Create();
        string N(long v) => v.ToString(CultureInfo.InvariantCulture);
        var table = new Table().AddColumns("Catalog", "Value");
        table.AddRow(kind == "sqlite" ? "file" : kind, Markup.Escape(name));
        table.AddRow("schema version", N(schemaVersion));
        table.AddRow("present tracks", N(s.PresentTracks));
        table.AddRow("missing tracks", N(s.MissingTracks));
        table.AddRow("analyses (all models)", N(s.Analyses));
        foreach (var set in sets)
        {
            string genres = set.GenreLabels.Count == 0 ? "no genres" : $"{set.GenreLabels.Count} genres";
            table.AddRow(Markup.Escape($"analyses by {set.ModelId} v{set.FeatureVersion} ({set.EmbeddingDimension}-d, {genres})"), N(set.Count));
        }
        table.AddRow("embedding space", Markup.Escape(space is null
            ? "none (raw embeddings)"
            : $"{string.Join(" + ", space.Sets.Select(x => $"{x.ModelId} v{x.FeatureVersion}"))}, {space.Blocks.Sum(b => b.OutputLength)}-d, fitted on {N(space.FittedOn)} tracks"));
        table.AddRow("scan failures", N(failures));
        table.AddRow("users", N(s.Users));
        table.AddRow("interactions", N(s.Interactions));
        table.AddRow("integrity", Markup.Escape(integrity));
        console.Write(table);
        return 0;
    }

    /// <summary>Lists the recorded scan failures: path, reason, attempts and last time, as a table or JSON.</summary>
    internal static int Failures(string catalogPath, bool json)
    {
        using var store = CatalogStores.Open(catalogPath, create: false);
        var failures = store.ListScanFailures();
        if (json)
        {
            var rows = failures.Select(f => new FailureJson(
                f.Path, f.Reason, f.Attempts, f.SizeBytes, f.ModifiedUtc, f.ModelId, f.ModelId is null ? null : f.FeatureVersion,
                f.FirstFailedUtc, f.LastFailedUtc));
            Console.Out.WriteLine(JsonSerializer.Serialize(rows, JsonOptions));
            return 0;
        }

        var console = CliConsole.Create();
        if (failures.Count == 0)
        {
            console.WriteLine("No scan failures recorded.");
            return 0;
        }

        var table = new Table().AddColumns("Path", "Reason", "Attempts", "Last failed (UTC)");
        foreach (var f in failures)
        {
            var reason = f.ModelId is null ? f.Reason : $"{f.Reason} [{f.ModelId} v{f.FeatureVersion}]";
            table.AddRow(
                Markup.Escape(f.Path),
                Markup.Escape(reason),
                f.Attempts.ToString(CultureInfo.InvariantCulture),
                f.LastFailedUtc.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture));
        }

        console.Write(table);
        Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{failures.Count} files; a scan retries a file once it changes, or all of them with --retry-failed."));
        return 0;
    }

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>The catalog as printed by <c>stats --json</c>.</summary>
    private sealed record StatsJson(
        string File,
        int SchemaVersion,
        long PresentTracks,
        long MissingTracks,
        long Analyses,
        IReadOnlyList<AnalysisSetJson> AnalysisSets,
        SpaceJson? EmbeddingSpace,
        int ScanFailures,
        long Users,
        long Interactions,
        string Integrity);

    /// <summary>One analysis set in <see cref="StatsJson"/>.</summary>
    private sealed record AnalysisSetJson(string ModelId, int FeatureVersion, int Dimension, int Genres, long Tracks);

    /// <summary>The fitted embedding space in <see cref="StatsJson"/>.</summary>
    private sealed record SpaceJson(IReadOnlyList<string> Sets, int Dimension, long FittedOn);

    /// <summary>One failure as printed by <c>--json</c>.</summary>
    private sealed record FailureJson(
        string Path,
        string Reason,
        int Attempts,
        long SizeBytes,
        DateTime ModifiedUtc,
        string? ModelId,
        int? FeatureVersion,
        DateTimeOffset FirstFailedUtc,
        DateTimeOffset LastFailedUtc);
}
