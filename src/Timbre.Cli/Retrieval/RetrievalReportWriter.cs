using System.Globalization;
using System.Text;
using System.Text.Json;
using Spectre.Console;
using Timbre.Cli.Recommending;
using Timbre.Reporting;

namespace Timbre.Cli.Retrieval;

/// <summary>Prints an <see cref="RetrievalReport"/> and writes retrieval.json, retrieval.md and retrieval.png.</summary>
internal static class RetrievalReportWriter
{
    /// <summary>File names written into the output folder.</summary>
    public static readonly string[] Files = ["retrieval.json", "retrieval.md", "retrieval.png"];

    /// <summary>Writes the three files into <paramref name="dir"/> (created when missing).</summary>
    public static void Write(RetrievalReport r, string dir)
    {
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "retrieval.json"), Json(r));
        File.WriteAllText(Path.Combine(dir, "retrieval.md"), Markdown(r));
        RetrievalPlot.WritePerGroup(
            Path.Combine(dir, "retrieval.png"),
            [.. r.PerGroup.Select(g => g.Name)],
            [.. r.PerGroup.Select(g => g.Precision)],
            [.. r.PerGroup.Select(g => g.Chance)],
            r.Chance,
            $"{Title(r)}: P@{r.K} per {r.By}",
            $"Precision@{r.K}");
    }

    /// <summary>The report as indented JSON (camelCase).</summary>
    public static string Json(RetrievalReport r) => JsonSerializer.Serialize(r, Options);

    /// <summary>Prints the headline figures and the per-group table.</summary>
    public static void Print(RetrievalReport r, IAnsiConsole console)
    {
        var head = new Table().AddColumns("Retrieval", "Value");
        head.Title = new TableTitle(Markup.Escape(Title(r)));
        foreach (var (name, value) in Headline(r))
        {
            head.AddRow(Markup.Escape(name), Markup.Escape(value));
        }

        console.Write(head);
        var table = new Table().AddColumns(Cap(r.By), "Tracks", "Queries", "Chance", $"P@{r.K}", $"MAP@{r.K}", $"nDCG@{r.K}");
        foreach (var g in r.PerGroup)
        {
            table.AddRow(Markup.Escape(g.Name), N(g.Tracks), N(g.Queries), F(g.Chance), F(g.Precision), F(g.MeanAveragePrecision), F(g.Ndcg));
        }

        console.Write(table);
    }

    private static string Markdown(RetrievalReport r)
    {
        var md = new StringBuilder();
        md.Append(CultureInfo.InvariantCulture, $"# Retrieval: {Title(r)}\n\nCatalog `{r.Catalog}`. Leave-one-out, cosine similarity");
        md.Append(r.By == "artist" ? "; candidates on the query's own album are left out (album effect).\n\n" : ".\n\n");
        md.Append("| Measure | Value |\n|---|---|\n");
        foreach (var (name, value) in Headline(r))
        {
            md.Append(CultureInfo.InvariantCulture, $"| {name} | {value} |\n");
        }

        md.Append(CultureInfo.InvariantCulture, $"\n| {Cap(r.By)} | Tracks | Queries | Chance | P@{r.K} | MAP@{r.K} | nDCG@{r.K} |\n|---|---:|---:|---:|---:|---:|---:|\n");
        foreach (var g in r.PerGroup)
        {
            md.Append(CultureInfo.InvariantCulture, $"| {g.Name.Replace("|", "\\|", StringComparison.Ordinal)} | {g.Tracks} | {g.Queries} | {F(g.Chance)} | {F(g.Precision)} | {F(g.MeanAveragePrecision)} | {F(g.Ndcg)} |\n");
        }

        md.Append("\n![P@k per group](retrieval.png)\n");
        return md.ToString();
    }

    private static IEnumerable<(string Name, string Value)> Headline(RetrievalReport r)
    {
        yield return ("tracks", $"{N(r.Tracks)} in {N(r.Groups)} {r.By}s" + (r.Unlabelled > 0 ? $" ({N(r.Unlabelled)} without a known {r.By} left out)" : ""));
        yield return ("vector", $"{r.Vector} ({N(r.Dimensions)} dims)");
        yield return ("queries", N(r.Queries));
        yield return ("skipped", N(r.Skipped));
        yield return ($"chance P@{r.K}", F(r.Chance));
        yield return ($"P@{r.K}", F(r.Precision));
        yield return ($"MAP@{r.K}", F(r.MeanAveragePrecision));
        yield return ($"nDCG@{r.K}", F(r.Ndcg));
        yield return ("MAP@10", F(r.MeanAveragePrecisionAt10));
    }

    private static string Title(RetrievalReport r) => $"{r.Analysis} · {r.Vector} · by {r.By}";

    private static string Cap(string s) => char.ToUpperInvariant(s[0]) + s[1..];

    private static string F(double v) => v.ToString("0.000", CultureInfo.InvariantCulture);

    private static string N(int v) => v.ToString(CultureInfo.InvariantCulture);

    private static readonly JsonSerializerOptions Options = new(RecCli.JsonOptions) { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };
}
