using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Timbre.Analyzers;
using Timbre.Core.Errors;
using Timbre.Storage.Sqlite;

namespace Timbre.Cli.Commands;

/// <summary><c>timbre catalog stats --catalog FILE</c>: row counts, schema version and integrity of a catalog.</summary>
internal static class CatalogCommand
{
    /// <summary>The shared <c>--catalog FILE</c> option (default ./timbre.db).</summary>
    public static Option<string> CatalogOption() => new("--catalog")
    {
        Description = "Catalog file (SQLite).",
        DefaultValueFactory = _ => "timbre.db",
    };

    /// <summary>Builds the command group.</summary>
    public static Command Create()
    {
        var catalog = CatalogOption();
        var stats = new Command("stats", "Print track, analysis, user and interaction counts of a catalog.");
        stats.Options.Add(catalog);
        stats.SetAction(parseResult => Stats(parseResult.GetValue(catalog)!));
        var command = new Command("catalog", "Inspect a catalog.");
        command.Subcommands.Add(stats);
        return command;
    }

    /// <summary>Prints the statistics table of an existing catalog.</summary>
    internal static int Stats(string catalogPath)
    {
        if (!File.Exists(catalogPath))
        {
            throw new InvalidOptionsException($"Catalog {catalogPath} does not exist.");
        }

        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Out) });
        using var store = new SqliteCatalogStore(catalogPath);
        var s = store.GetStats();
        var summary = new SummaryFeatureAnalyzer();
        string N(long v) => v.ToString(CultureInfo.InvariantCulture);
        var table = new Table().AddColumns("Catalog", "Value");
        table.AddRow("file", Markup.Escape(Path.GetFullPath(catalogPath)));
        table.AddRow("schema version", N(store.SchemaVersion));
        table.AddRow("present tracks", N(s.PresentTracks));
        table.AddRow("missing tracks", N(s.MissingTracks));
        table.AddRow("analyses (all models)", N(s.Analyses));
        table.AddRow(Markup.Escape($"analyses by {summary.ModelId} v{summary.FeatureVersion}"), N(store.CountAnalyses(summary.ModelId, summary.FeatureVersion)));
        table.AddRow("users", N(s.Users));
        table.AddRow("interactions", N(s.Interactions));
        table.AddRow("integrity", Markup.Escape(store.IntegrityCheck()));
        console.Write(table);
        return 0;
    }
}
