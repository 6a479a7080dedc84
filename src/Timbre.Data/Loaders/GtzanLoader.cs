namespace Timbre.Data.Loaders;

/// <summary>
/// Loads GTZAN as distributed: ROOT/genres/&lt;genre&gt;/&lt;genre&gt;.000NN.(au|wav) (also genres_original/, or the
/// genre folders directly under ROOT). The track id is the file stem; artists are unknown. Its known unreadable file
/// jazz.00054 is reported in <see cref="ILabelledCorpus.Skipped"/> and left out.
/// </summary>
public static class GtzanLoader
{
    /// <summary>File stems known to be unreadable in the GTZAN distribution.</summary>
    public static IReadOnlySet<string> KnownUnreadable { get; } = new HashSet<string>(["jazz.00054"], StringComparer.Ordinal);

    /// <summary>Loads the corpus under <paramref name="root"/>.</summary>
    /// <param name="root">GTZAN root.</param>
    /// <param name="skipKnownUnreadable">Skip <see cref="KnownUnreadable"/> by name (default). Turn off for corpora in the GTZAN layout that are not GTZAN (e.g. Timbre's procedural corpus).</param>
    /// <exception cref="Timbre.Core.Errors.TimbreException">The root does not exist or holds no genre folders.</exception>
    public static ILabelledCorpus Load(string root, bool skipKnownUnreadable = true)
    {
        string dir = new[] { Path.Combine(root, "genres"), Path.Combine(root, "genres_original"), root }.FirstOrDefault(Directory.Exists)
            ?? throw new Core.Errors.TimbreException($"GTZAN root '{root}' does not exist.");
        var items = new List<CorpusItem>();
        var skipped = new List<SkippedItem>();
        foreach (string genreDir in Directory.EnumerateDirectories(dir).Order(StringComparer.Ordinal))
        {
            string genre = Path.GetFileName(genreDir);
            foreach (string file in Directory.EnumerateFiles(genreDir).Order(StringComparer.Ordinal))
            {
                string ext = Path.GetExtension(file).ToLowerInvariant();
                if (ext is not (".wav" or ".au"))
                {
                    continue;
                }

                string stem = Path.GetFileNameWithoutExtension(file);
                if (skipKnownUnreadable && KnownUnreadable.Contains(stem))
                {
                    skipped.Add(new SkippedItem(file, "known unreadable file in the GTZAN distribution"));
                    continue;
                }

                if (AudioHeaderCheck.Problem(file) is string problem)
                {
                    skipped.Add(new SkippedItem(file, problem));
                    continue;
                }

                items.Add(new CorpusItem(Path.GetFullPath(file), genre, stem));
            }
        }

        if (items.Count == 0 && skipped.Count == 0)
        {
            throw new Core.Errors.TimbreException($"No GTZAN genre folders with .wav/.au files under '{dir}'.");
        }

        return new LabelledCorpus($"gtzan:{dir}", items, skipped);
    }
}
