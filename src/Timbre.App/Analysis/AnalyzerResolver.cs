using System.Globalization;
using Timbre.Analyzers;
using Timbre.Core.Analysis;
using Timbre.Core.Errors;
using Timbre.Dsp.Summary;

namespace Timbre.App.Analysis;

/// <summary>
/// The one place a model name becomes an analyzer, for scan, serve, demo and <c>recommend --like</c>: "summary"
/// (summary features version 1), "summary@N" (version N, 1 … <see cref="FeaturesVersion.Latest"/>) or a model package
/// folder (loaded by the given <see cref="IModelPackageLoader"/>).
/// </summary>
/// <param name="packages">Loads model packages; null when only built-in analyzers are available.</param>
public sealed class AnalyzerResolver(IModelPackageLoader? packages)
{
    /// <summary>The analyzer named by <paramref name="model"/>.</summary>
    /// <exception cref="InvalidOptionsException">The name is neither a known analyzer nor a package folder.</exception>
    public ITrackAnalyzer Resolve(string model)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(model);
        if (string.Equals(model, SummaryFeatureAnalyzer.Id, StringComparison.OrdinalIgnoreCase))
        {
            return new SummaryFeatureAnalyzer();
        }

        var prefix = SummaryFeatureAnalyzer.Id + "@";
        if (model.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) && !Directory.Exists(model))
        {
            var text = model[prefix.Length..];
            if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var version)
                || version < FeaturesVersion.V1 || version > FeaturesVersion.Latest)
            {
                throw new InvalidOptionsException($"Unknown summary features version '{text}' in '{model}': give summary@1 … summary@{FeaturesVersion.Latest}.");
            }

            return new SummaryFeatureAnalyzer(version);
        }

        if (Directory.Exists(model))
        {
            return (packages ?? throw new InvalidOptionsException($"'{model}' is a model package, but this program cannot load packages.")).Load(model);
        }

        throw new InvalidOptionsException($"Unknown analyzer '{model}': give 'summary', 'summary@{FeaturesVersion.Latest}' or a model package folder (written by timbre train).");
    }

    /// <summary>One analyzer per name, in order.</summary>
    public IReadOnlyList<ITrackAnalyzer> ResolveAll(IReadOnlyList<string> models)
    {
        ArgumentNullException.ThrowIfNull(models);
        if (models.Count == 0)
        {
            throw new InvalidOptionsException("Give at least one --model.");
        }

        return [.. models.Select(Resolve)];
    }

    /// <summary>
    /// The analyzer that makes analysis set <paramref name="modelId"/> at <paramref name="featureVersion"/>: a summary
    /// set is built in (at the set's own version), any other comes from <paramref name="package"/>.
    /// </summary>
    /// <exception cref="InvalidOptionsException">The set needs a package and none was given.</exception>
    public ITrackAnalyzer ForSet(string modelId, int featureVersion, string? package)
    {
        if (string.Equals(modelId, SummaryFeatureAnalyzer.Id, StringComparison.Ordinal))
        {
            return new SummaryFeatureAnalyzer(featureVersion);
        }

        return package is null
            ? throw new InvalidOptionsException($"To analyse with model '{modelId}', pass its package with --analyzer PKG.")
            : Resolve(package);
    }
}
