namespace Timbre.Data.Loaders;

/// <summary>
/// Loads a folder-per-label tree: ROOT/&lt;label&gt;/**/&lt;file&gt; with any audio extension
/// (<see cref="AudioHeaderCheck.AudioExtensions"/>). Track id = path relative to ROOT without extension.
/// </summary>
public static class FolderLoader
{
    /// <summary>Loads the tree under <paramref name="root"/>.</summary>
    /// <exception cref="Timbre.Core.Errors.TimbreException">The root does not exist.</exception>
    public static ILabelledCorpus Load(string root)
    {
        if (!Directory.Exists(root))
        {
            throw new Core.Errors.TimbreException($"Corpus folder '{root}' does not exist.");
        }

        string full = Path.GetFullPath(root);
        var items = new List<CorpusItem>();
        var skipped = new List<SkippedItem>();
        foreach (string labelDir in Directory.EnumerateDirectories(full).Order(StringComparer.Ordinal))
        {
            string label = Path.GetFileName(labelDir);
            if (label.StartsWith('.'))
            {
                continue;
            }

            foreach (string file in Directory.EnumerateFiles(labelDir, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                if (!AudioHeaderCheck.AudioExtensions.Contains(Path.GetExtension(file)))
                {
                    continue;
                }

                if (AudioHeaderCheck.Problem(file) is string problem)
                {
                    skipped.Add(new SkippedItem(file, problem));
                    continue;
                }

                string relative = Path.GetRelativePath(full, file).Replace('\\', '/');
                items.Add(new CorpusItem(file, label, relative[..^Path.GetExtension(relative).Length]));
            }
        }

        return new LabelledCorpus($"folder:{full}", items, skipped);
    }
}
