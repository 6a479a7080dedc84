using Timbre.Cli.Commands;
using Timbre.Core.Catalog;

namespace Timbre.Cli.Tests;

/// <summary>`timbre serve` on a catalog with no analyses by its model names the sets the catalog holds and how to serve them.</summary>
public sealed class ServeHintsTests
{
    private static AnalysisSetInfo Set(string model, int version, long count) => new(model, version, 16, ["a", "b"], count, null);

    [Fact]
    public void EmptyCatalogIsToldToScan()
    {
        var hint = ServeHints.NoAnalyses("summary", "summary", "lib.db", [Set("cnn", 2, 0)]);
        Assert.Equal("No analyses in this catalog yet: run timbre scan LIBRARY --catalog lib.db --model summary", hint);
    }

    [Fact]
    public void CatalogOfATrainedModelNamesItLargestFirst()
    {
        var hint = ServeHints.NoAnalyses("summary", "summary", "lib.db", [Set("crnn", 1, 40), Set("cnn", 3, 163)]);
        Assert.StartsWith("No analyses by summary in this catalog; it holds cnn@v3 (163 tracks), crnn@v1 (40 tracks): ", hint);
        Assert.Contains("the model package that scan used for 'cnn'", hint);
    }

    [Fact]
    public void CatalogOfSummaryAnalysesSaysSummary()
    {
        var hint = ServeHints.NoAnalyses("models/cnn", "cnn", "lib.db", [Set("summary", 1, 200)]);
        Assert.Contains("serve it with --model summary", hint);
        Assert.EndsWith("--model models/cnn", hint);
    }
}
