using Timbre.App.Analysis;
using Timbre.App.Scanning;
using Timbre.App.Tests.Support;
using Timbre.Audio;
using Timbre.Scanning;
using Timbre.Storage.Sqlite;

namespace Timbre.App.Tests.Scanning;

/// <summary>The scan journey shared by <c>timbre scan</c> and <c>timbre demo</c>: resolve, scan, refit the space.</summary>
public sealed class LibraryScanTests : IDisposable
{
    private readonly TempLibrary _lib = new();

    public void Dispose() => _lib.Dispose();

    [Fact]
    public void Run_ResolvesTheModels_ScansAndRefitsTheSpace()
    {
        _lib.Wav("a.wav", 220, 1);
        _lib.Wav("b.wav", 330, 2);
        _lib.Wav("c.wav", 440, 3);
        using var store = new SqliteCatalogStore(_lib.CatalogPath);
        var scan = new LibraryScan(new AnalyzerResolver(null), AudioDecoders.CreateDefault());

        var result = scan.Run(store, new ScanOptions { Root = _lib.Root, Workers = 2 }, ["summary@2"], fitSpace: true);

        Assert.Equal(("summary", 2), (Assert.Single(result.Analyzers).ModelId, result.Analyzers[0].FeatureVersion));
        Assert.Equal(3, result.Report.Analysed);
        Assert.NotNull(result.Space);
        Assert.Equal(3, result.Space.FittedOn);
        Assert.Equal(result.Space.FittedOn, store.FindEmbeddingSpace()!.FittedOn);
    }

    [Fact]
    public void Run_WithoutFitting_LeavesTheSpaceAlone()
    {
        _lib.Wav("a.wav", 220, 1);
        _lib.Wav("b.wav", 330, 2);
        using var store = new SqliteCatalogStore(_lib.CatalogPath);

        var result = new LibraryScan(new AnalyzerResolver(null), AudioDecoders.CreateDefault())
            .Run(store, new ScanOptions { Root = _lib.Root, Workers = 1 }, ["summary"], fitSpace: false);

        Assert.Equal(2, result.Report.Analysed);
        Assert.Null(result.Space);
        Assert.Null(store.FindEmbeddingSpace());
    }
}
