using Timbre.Core.Analysis;
using Timbre.Inference;

namespace Timbre.App.Analysis;

/// <summary>Loads model packages with Timbre.Inference's <see cref="NeuralAnalyzer"/> (what scan, serve and demo use).</summary>
public sealed class InferencePackageLoader : IModelPackageLoader
{
    /// <inheritdoc />
    public ITrackAnalyzer Load(string folder) => NeuralAnalyzer.Load(folder);
}
