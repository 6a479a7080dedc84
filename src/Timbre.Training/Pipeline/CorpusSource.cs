using Timbre.Core.Audio;
using Timbre.Core.Errors;
using Timbre.Data.Corpus;
using Timbre.Data.Features;
using Timbre.Data.Loaders;
using Timbre.Inference.Features;

namespace Timbre.Training.Pipeline;

/// <summary>
/// A labelled corpus on disk plus where its feature caches live. <see cref="Load"/> reads a manifest CSV (a file, or a
/// folder holding <c>manifest.csv</c>, as <c>timbre corpus generate</c> writes), a GTZAN tree (<c>genres/</c> or
/// <c>genres_original/</c>), or any folder of genre sub-folders.
/// </summary>
public sealed class CorpusSource
{
    private CorpusSource(string root, ILabelledCorpus corpus, string cacheDirectory, string? manifestPath)
    {
        Root = root;
        Corpus = corpus;
        CacheDirectory = cacheDirectory;
        ManifestPath = manifestPath;
    }

    /// <summary>The corpus folder (or the manifest's folder).</summary>
    public string Root { get; }

    /// <summary>The loaded items.</summary>
    public ILabelledCorpus Corpus { get; }

    /// <summary>Folder for feature caches.</summary>
    public string CacheDirectory { get; }

    /// <summary>The procedural corpus manifest, when there is one (tempo etc. for transfer pre-training).</summary>
    public string? ManifestPath { get; }

    /// <summary>Loads the corpus at <paramref name="path"/>; caches go to <paramref name="cacheDirectory"/> (default <c>PATH/.timbre-cache</c>).</summary>
    /// <exception cref="TimbreException">Nothing loadable at the path, or fewer than 2 genres.</exception>
    public static CorpusSource Load(string path, string? cacheDirectory = null)
    {
        string full = Path.GetFullPath(path);
        string? manifest = File.Exists(full) && full.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) ? full
            : File.Exists(Path.Combine(full, CorpusManifest.FileName)) ? Path.Combine(full, CorpusManifest.FileName) : null;
        string root = manifest is null ? full : Path.GetDirectoryName(manifest)!;
        if (manifest is null && !Directory.Exists(full))
        {
            throw new TimbreException($"Corpus '{path}' does not exist (give a folder of genre folders or a manifest CSV).");
        }

        ILabelledCorpus corpus = manifest is not null ? ManifestLoader.Load(manifest)
            : Directory.Exists(Path.Combine(full, "genres")) || Directory.Exists(Path.Combine(full, "genres_original")) ? GtzanLoader.Load(full)
            : FolderLoader.Load(full);
        if (corpus.Labels.Count < 2 || corpus.Items.Count < 2)
        {
            throw new TimbreException($"Corpus '{path}' has {corpus.Items.Count} tracks in {corpus.Labels.Count} genres; training needs at least 2 genres.");
        }

        return new CorpusSource(root, corpus, cacheDirectory ?? Path.Combine(root, ".timbre-cache"), manifest);
    }

    /// <summary>Opens (building when missing or stale) the feature cache of <paramref name="representation"/> over the whole corpus.</summary>
    public FeatureCacheResult OpenCache(
        Representation representation, IAudioDecoder decoder, IProgress<FeatureCacheProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(representation);
        Directory.CreateDirectory(CacheDirectory);
        string path = FeatureCache.DefaultPath(CacheDirectory, representation.Spec, Corpus.Items);
        return FeatureCache.GetOrBuild(path, Corpus.Items, representation.Spec, decoder, progress, cancellationToken);
    }

    /// <summary>Indices into <paramref name="cache"/>'s tracks of <paramref name="items"/> (items the cache skipped are left out).</summary>
    public static int[] TrackIndices(FeatureCache cache, IEnumerable<CorpusItem> items)
    {
        ArgumentNullException.ThrowIfNull(cache);
        ArgumentNullException.ThrowIfNull(items);
        var byId = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < cache.Tracks.Count; i++)
        {
            byId[cache.Tracks[i].TrackId] = i;
        }

        return items.Select(item => byId.TryGetValue(item.TrackId, out int t) ? t : -1).Where(t => t >= 0).ToArray();
    }

    /// <summary>Tempo (BPM) of each track id from the procedural manifest, or null when the corpus has none.</summary>
    public IReadOnlyDictionary<string, int>? Tempi()
    {
        if (ManifestPath is null)
        {
            return null;
        }

        try
        {
            var entries = CorpusManifest.Read(ManifestPath);
            return entries.ToDictionary(
                e => e.Path.Replace('\\', '/')[..^Path.GetExtension(e.Path).Length], e => e.Tempo, StringComparer.Ordinal);
        }
        catch (TimbreException)
        {
            return null;
        }
    }
}
