using Timbre.Core.Analysis;

namespace Timbre.App.Analysis;

/// <summary>Loads a trained model package folder as an analyzer (the neural analyzer lives outside App).</summary>
public interface IModelPackageLoader
{
    /// <summary>The analyzer of the package in <paramref name="folder"/>.</summary>
    /// <exception cref="Timbre.Core.Errors.ModelPackageException">The folder is not a readable package.</exception>
    ITrackAnalyzer Load(string folder);
}
