using Timbre.Recommendation.Metric;

namespace Timbre.Cli.Tests;

[Collection("Console")]
public sealed class MetricCommandTests : IClassFixture<RecCatalogFixture>
{
    private readonly RecCatalogFixture _f;

    public MetricCommandTests(RecCatalogFixture fixture) => _f = fixture;

    [Fact]
    public void Cv_PrintsPerFoldAndMeanTables_WithEveryFolderHeldOutOnce()
    {
        // Three folders (bass, mid, treble) × 6 tracks; leave-one-folder-out.
        var (code, output, error) = CliRunner.Run("metric", "cv", "--catalog", _f.Catalog, "--by", "folder", "--folds", "3", "--method", "lda");

        Assert.True(code == 0, error);
        Assert.Contains("18 tracks in 3 folder groups", output);
        Assert.Contains("library P@5", output);
        Assert.Contains("standardised (base)", output);
        Assert.Contains("Lda metric", output);
        foreach (var genre in RecCatalogFixture.Genres)
        {
            Assert.Contains($"│ {genre} ", output);
        }
    }

    [Trait("Category", "Slow")]
    [Fact]
    public void Fit_WritesAProjectionThatReadsBackWithItsProvenance()
    {
        var path = Path.Combine(_f.Dir, "metric", "m.json");

        var (code, output, error) = CliRunner.Run(
            "metric", "fit", "--catalog", _f.Catalog, "--method", "triplet", "--dims", "8", "--epochs", "5", "--out", path);

        Assert.True(code == 0, error);
        Assert.Contains("wrote", output);
        var (projection, provenance) = MetricProjectionFile.Read(path);
        Assert.Equal(MetricMethod.Triplet, projection.Method);
        Assert.Equal(8, projection.OutputDimension);
        Assert.Equal(("summary", "album", 18, 3), (provenance.ModelId, provenance.Grouping, provenance.Tracks, provenance.Groups));
    }

    [Fact]
    public void BadRequestsGetOneLineErrors()
    {
        var (code, _, error) = CliRunner.Run("metric", "cv", "--catalog", _f.Catalog, "--folds", "4");
        Assert.Equal(1, code);
        Assert.Contains("3 groups cannot fill 4 folds", error);

        (code, _, error) = CliRunner.Run("metric", "cv", "--catalog", _f.Catalog, "--analysis", "nope");
        Assert.Equal(2, code);
        Assert.Contains("no analysis set 'nope'", error);

        (code, _, error) = CliRunner.Run("metric", "fit", "--catalog", _f.Catalog, "--by", "artist", "--out", Path.Combine(_f.Dir, "x.json"));
        Assert.Equal(1, code);
        Assert.Contains("has a known artist", error);
    }
}
