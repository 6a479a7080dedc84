using Timbre.Core.Analysis;

namespace Timbre.App.Analysis;

/// <summary>Loads a trained model package folder as an analyzer (an interface so tests and hosts without TorchSharp can stand in).</summary>
public interface IModelPackageLoader
{
    /// <summary>The analyzer of the package in <paramref name="folder"/>.</summary>
    /// <exception cref="Timbre.Core.Errors.ModelPackageException">The folder is not a readable package.</exception>
    ITrackAnalyzer Load(string folder);
}
