using System.Globalization;
using Timbre.Core.Errors;

namespace Timbre.App.Analysis;

/// <summary>
/// How commands name an analysis set: "model" (any version) or "model@N" / "model@vN" (that feature version), the same
/// spelling for <c>eval-retrieval --analysis</c>, <c>metric --analysis</c> and <c>catalog space fit --sets</c>.
/// </summary>
public static class AnalysisSetName
{
    /// <summary>The model id and, when given, the feature version.</summary>
    /// <exception cref="InvalidOptionsException">The text after '@' is not a version number.</exception>
    public static (string ModelId, int? FeatureVersion) Parse(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var text = name.Trim();
        var at = text.LastIndexOf('@');
        if (at < 0)
        {
            return (text, null);
        }

        var version = text[(at + 1)..];
        if (version.StartsWith('v') || version.StartsWith('V'))
        {
            version = version[1..];
        }

        if (at == 0 || !int.TryParse(version, NumberStyles.None, CultureInfo.InvariantCulture, out var v))
        {
            throw new InvalidOptionsException($"An analysis set is MODEL or MODEL@VERSION (e.g. summary@1 or summary@v1), got '{name}'.");
        }

        return (text[..at], v);
    }
}
