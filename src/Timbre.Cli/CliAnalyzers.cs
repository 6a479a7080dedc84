using Timbre.App.Analysis;
using Timbre.Core.Analysis;

namespace Timbre.Cli;

/// <summary>The CLI's analyzer resolver: built-in analyzers plus model packages loaded by Timbre.Training.</summary>
internal static class CliAnalyzers
{
    /// <summary>The resolver every command uses.</summary>
    public static AnalyzerResolver Resolver { get; } = new(new TrainingPackageLoader());

    /// <summary>The analyzer named by <paramref name="model"/> (see <see cref="AnalyzerResolver.Resolve"/>).</summary>
    public static ITrackAnalyzer Resolve(string model) => Resolver.Resolve(model);

    /// <summary>Loads packages with Training's neural analyzer (until Timbre.Inference serves them).</summary>
    private sealed class TrainingPackageLoader : IModelPackageLoader
    {
        public ITrackAnalyzer Load(string folder) => Timbre.Training.Pipeline.NeuralAnalyzer.Load(folder);
    }
}
