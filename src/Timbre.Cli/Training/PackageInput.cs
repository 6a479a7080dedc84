using Timbre.Core.Errors;
using Timbre.Data.Loaders;

namespace Timbre.Cli.Training;

/// <summary>Expands FILE_OR_DIR arguments into audio files (directories recursively, by extension, sorted).</summary>
internal static class PackageInput
{
    public static List<string> Expand(IReadOnlyList<string> inputs)
    {
        var files = new List<string>();
        foreach (string input in inputs)
        {
            if (Directory.Exists(input))
            {
                files.AddRange(Directory.EnumerateFiles(input, "*", SearchOption.AllDirectories)
                    .Where(f => AudioHeaderCheck.AudioExtensions.Contains(Path.GetExtension(f).ToLowerInvariant()))
                    .Order(StringComparer.Ordinal));
            }
            else if (File.Exists(input))
            {
                files.Add(input);
            }
            else
            {
                throw new TimbreException($"'{input}' is neither a file nor a folder.");
            }
        }

        if (files.Count == 0)
        {
            throw new TimbreException(
                $"{string.Join(", ", inputs)}: no audio files (looked for {string.Join(" ", AudioHeaderCheck.AudioExtensions.Order(StringComparer.Ordinal))}).");
        }

        return files;
    }
}
