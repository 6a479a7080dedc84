using Timbre.Evaluation.Reports;
using Timbre.Evaluation.Statistics;

namespace Timbre.Evaluation.Tests.Reports;

public class EvaluationReportTests
{
    private static readonly string[] s_labels = ["classical", "pop", "rock"];

    private static EvaluationReport MakeReport()
    {
        int[] y = [0, 0, 1, 1, 2, 2];
        double[][] p = [[0.8, 0.1, 0.1], [0.4, 0.5, 0.1], [0.1, 0.7, 0.2], [0.2, 0.6, 0.2], [0.1, 0.2, 0.7], [0.3, 0.3, 0.4]];
        string[] tracks = ["t1", "t1", "t2", "t2", "t3", "t3"];
        var clip = SplitMetrics.Compute(y, p, 3);
        var track = SplitMetrics.ComputeByTrack(tracks, y, p, 3);
        var cvA = CrossValidationReport.From([.. new[] { 0.71, 0.74, 0.69, 0.77, 0.72 }.Select((a, i) => new FoldMetrics(i, a, a - 0.02, 0.9))]);
        var cvB = CrossValidationReport.From([.. new[] { 0.60, 0.66, 0.61, 0.63, 0.64 }.Select((a, i) => new FoldMetrics(i, a, a - 0.03, 0.8))]);
        return new EvaluationReport
        {
            Title = "Genre classification",
            CreatedUtc = new DateTimeOffset(2025, 1, 2, 3, 4, 0, TimeSpan.Zero),
            Labels = s_labels,
            Settings = new Dictionary<string, string> { ["corpus"] = "procedural 3×2" },
            Models =
            [
                new ModelReport { Name = "crnn", Clip = clip, Track = track, CrossValidation = cvA },
                new ModelReport { Name = "logreg", CrossValidation = cvB },
            ],
            Comparisons =
            [
                PairedComparison.OverFolds("crnn", cvA, "logreg", cvB),
                new PairedComparison("crnn", "logreg", "test-set correctness", null, McNemar.FromDiscordantCounts(12, 3)),
            ],
            Plots = ["confusion-crnn.png"],
        };
    }

    [Fact]
    public void SplitMetricsFromProbabilities()
    {
        var r = MakeReport();
        var clip = r.Models[0].Clip!;
        Assert.Equal(5.0 / 6, clip.Accuracy, 1e-15);     // clip 1 (classical, argmax pop) is the only miss
        Assert.Equal([[1, 1, 0], [0, 2, 0], [0, 0, 2]], clip.ConfusionMatrix);
        Assert.Equal(1, r.Models[0].Track!.Accuracy, 1e-15);
        Assert.Equal(3, r.Models[0].Track!.Samples);
    }

    [Fact]
    public void JsonRoundTripUsesCamelCase()
    {
        var report = MakeReport();
        var json = ReportJson.Serialize(report);
        Assert.Contains("\"crossValidation\"", json);
        Assert.Contains("\"perClassAuc\"", json);
        Assert.Contains("\"ciLow\"", json);
        Assert.DoesNotContain("\"CrossValidation\"", json);
        Assert.DoesNotContain("halfWidth", json);

        var back = ReportJson.Deserialize(json);
        Assert.Equal(report.Title, back.Title);
        Assert.Equal(report.Labels, back.Labels);
        Assert.Equal(report.Models[0].Clip!.ConfusionMatrix, back.Models[0].Clip!.ConfusionMatrix);
        Assert.Equal(report.Models[0].Clip!.PerClass, back.Models[0].Clip!.PerClass);
        Assert.Equal(report.Models[0].CrossValidation!.Accuracy, back.Models[0].CrossValidation!.Accuracy);
        Assert.Equal(report.Comparisons[0].TTest, back.Comparisons[0].TTest);
        Assert.Equal(report.Comparisons[1].McNemar, back.Comparisons[1].McNemar);
        Assert.Null(back.Models[1].Clip);
        Assert.Equal(ReportJson.Serialize(back), json);
    }

    [Fact]
    public void JsonKeepsNaN()
    {
        // A class absent from the test set has an undefined AUC.
        var m = SplitMetrics.Compute([0, 0, 1], [[0.9, 0.1, 0], [0.8, 0.2, 0], [0.3, 0.7, 0]], 3);
        Assert.True(double.IsNaN(m.PerClassAuc[2]));
        var report = MakeReport() with { Models = [new ModelReport { Name = "x", Clip = m }] };
        var back = ReportJson.Deserialize(ReportJson.Serialize(report));
        Assert.True(double.IsNaN(back.Models[0].Clip!.PerClassAuc[2]));
    }

    [Fact]
    public void FileRoundTrip()
    {
        var keep = Environment.GetEnvironmentVariable("TIMBRE_PLOT_DIR");
        var dir = keep is { Length: > 0 } ? keep : Path.Combine(Path.GetTempPath(), "timbre-report-" + Guid.NewGuid().ToString("N"));
        try
        {
            var report = MakeReport();
            ReportJson.Write(report, Path.Combine(dir, "report.json"));
            ReportMarkdown.Write(report, Path.Combine(dir, "report.md"));
            Assert.Equal(report.Title, ReportJson.Read(Path.Combine(dir, "report.json")).Title);
            Assert.StartsWith("# Genre classification", File.ReadAllText(Path.Combine(dir, "report.md")));
        }
        finally
        {
            if (keep is not { Length: > 0 })
            {
                Directory.Delete(dir, recursive: true);
            }
        }
    }

    [Fact]
    public void MarkdownHasAllSections()
    {
        var md = ReportMarkdown.Render(MakeReport());
        Assert.Contains("## Overall", md);
        Assert.Contains("| crnn | 0.833 | ", md);
        Assert.Contains("| logreg | – | – | – | – | 0.628 ± 0.024 [0.598, 0.658] |", md);
        Assert.Contains("| Genre | Precision | Recall | F1 | AUC | Support |", md);
        Assert.Contains("| classical | 1.000 | 0.500 | 0.667 |", md);
        Assert.Contains("| true \\ predicted | classical | pop | rock |", md);
        Assert.Contains("| classical | 1 | 1 | 0 |", md);
        Assert.Contains("5-fold cross-validation", md);
        Assert.Contains("95 % CI", md);
        Assert.Contains("paired t (fold accuracy)", md);
        Assert.Contains("crnn better", md);
        Assert.Contains("McNemar exact", md);
        Assert.Contains("![confusion-crnn](confusion-crnn.png)", md);
    }

    [Fact]
    public void ComparisonTablesLikeSeed003()
    {
        var r = MakeReport();
        var perGenre = ComparisonTable.PerGenreF1(r.Labels, [r.Models[0]]).Render();
        var lines = perGenre.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("| Genre | crnn |", lines[0]);
        Assert.Equal("| --- | ---: |", lines[1]);
        Assert.Equal("| Accuracy | 0.83 |", lines[^1]);
        Assert.Equal(2 + 3 + 1, lines.Length);

        var summary = ComparisonTable.Summary(r.Models);
        Assert.Equal(2, summary.Rows.Count);
        Assert.Equal(summary.Headers.Count, summary.Rows[0].Count);
        Assert.Throws<InvalidOperationException>(() => new MarkdownTable(["a", "b"], [["1"]]).Render());
    }
}
