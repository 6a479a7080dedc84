using Timbre.App.Analysis;
using Timbre.Core.Analysis;

namespace Timbre.Cli;

/// <summary>The CLI's analyzer resolver: built-in analyzers plus model packages served by Timbre.Inference.</summary>
internal static class CliAnalyzers
{
    /// <summary>The resolver every command uses.</summary>
    public static AnalyzerResolver Resolver { get; } = new(new InferencePackageLoader());

    /// <summary>The analyzer named by <paramref name="model"/> (see <see cref="AnalyzerResolver.Resolve"/>).</summary>
    public static ITrackAnalyzer Resolve(string model) => Resolver.Resolve(model);
}
