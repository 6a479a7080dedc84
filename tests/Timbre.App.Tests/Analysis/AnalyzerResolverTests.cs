using Timbre.Analyzers;
using Timbre.App.Analysis;
using Timbre.App.Tests.Support;
using Timbre.Core.Analysis;
using Timbre.Core.Errors;
using Timbre.Dsp.Summary;

namespace Timbre.App.Tests.Analysis;

/// <summary>Model names become analyzers in one place.</summary>
public sealed class AnalyzerResolverTests : IDisposable
{
    private readonly TempLibrary _lib = new();

    public void Dispose() => _lib.Dispose();

    [Theory]
    [InlineData("summary", 1)]
    [InlineData("SUMMARY", 1)]
    [InlineData("summary@1", 1)]
    [InlineData("summary@2", 2)]
    public void SummaryNames_GiveTheSummaryAnalyzerAtThatVersion(string name, int version)
    {
        var analyzer = new AnalyzerResolver(null).Resolve(name);
        Assert.IsType<SummaryFeatureAnalyzer>(analyzer);
        Assert.Equal(version, analyzer.FeatureVersion);
    }

    [Theory]
    [InlineData("summary@0")]
    [InlineData("summary@x")]
    [InlineData("no-such-model")]
    public void UnknownNames_AreOptionErrors(string name) =>
        Assert.Throws<InvalidOptionsException>(() => new AnalyzerResolver(null).Resolve(name));

    [Fact]
    public void APackageFolder_IsLoadedByThePackageLoader()
    {
        var loader = new FolderLoader();
        var analyzer = new AnalyzerResolver(loader).Resolve(_lib.Root);
        Assert.Equal("pkg", analyzer.ModelId);
        Assert.Equal([_lib.Root], loader.Loaded);
        Assert.Throws<InvalidOptionsException>(() => new AnalyzerResolver(null).Resolve(_lib.Root));
    }

    [Fact]
    public void ForSet_BuildsSummaryAtTheSetsVersion_AndNeedsAPackageForOthers()
    {
        var resolver = new AnalyzerResolver(new FolderLoader());
        Assert.Equal(FeaturesVersion.Latest, resolver.ForSet(SummaryFeatureAnalyzer.Id, FeaturesVersion.Latest, null).FeatureVersion);
        Assert.Throws<InvalidOptionsException>(() => resolver.ForSet("cnn", 3, null));
        Assert.Equal("pkg", resolver.ForSet("cnn", 3, _lib.Root).ModelId);
    }

    [Fact]
    public void ResolveAll_NeedsAModel_AndKeepsOrder()
    {
        var resolver = new AnalyzerResolver(null);
        Assert.Throws<InvalidOptionsException>(() => resolver.ResolveAll([]));
        Assert.Equal([2, 1], resolver.ResolveAll(["summary@2", "summary"]).Select(a => a.FeatureVersion));
    }

    private sealed class FolderLoader : IModelPackageLoader
    {
        public List<string> Loaded { get; } = [];

        public ITrackAnalyzer Load(string folder)
        {
            Loaded.Add(folder);
            return new MomentsAnalyzer("pkg", 16000);
        }
    }
}
