using System.Globalization;
using Timbre.App.Analysis;
using Timbre.Analyzers;
using Timbre.Core.Catalog;
using Timbre.Core.Errors;
using Timbre.Dsp.Summary;
using Timbre.Recommendation.Catalog;
using Timbre.Recommendation.Space;

namespace Timbre.App.Space;

/// <summary>The tracks a space is fitted on: their ids, paths and one embedding per set (same row = same track).</summary>
/// <param name="TrackIds">Catalog ids, ascending.</param>
/// <param name="Paths">File paths, same order.</param>
/// <param name="Inputs">One fitting input per set.</param>
/// <param name="Albums">Album key of each track (<see cref="TrackGrouping"/>: tags, else folders), same order.</param>
public sealed record SpaceData(IReadOnlyList<long> TrackIds, IReadOnlyList<string> Paths, IReadOnlyList<SpaceInput> Inputs, IReadOnlyList<string> Albums);

/// <summary>
/// Fits the catalog's embedding space from the CLI (end of <c>scan</c>, <c>catalog space fit</c>): which sets, the
/// block of each of their dimensions, reading the analyses of present tracks analysed in every set, and saving.
/// </summary>
public static class SpaceFitting
{
    /// <summary>
    /// The block of each embedding dimension of a set: a summary set by its layout's feature names
    /// (<see cref="SummaryLayout.ForVersion"/>, versions 1 and 2), any other set (a trained model) one
    /// <see cref="EmbeddingBlocks.Learned"/> block.
    /// </summary>
    public static string[] BlockNames(string modelId, int featureVersion, int dimension)
    {
        if (!string.Equals(modelId, SummaryFeatureAnalyzer.Id, StringComparison.Ordinal))
        {
            return Enumerable.Repeat(EmbeddingBlocks.Learned, dimension).ToArray();
        }

        if (featureVersion is >= FeaturesVersion.V1 and <= FeaturesVersion.Latest && SummaryLayout.FeatureCountOf(featureVersion) == dimension)
        {
            return [.. SummaryLayout.ForVersion(featureVersion).Select(d => EmbeddingBlocks.OfFeature(d.Feature))];
        }

        throw new InvalidOptionsException($"No feature names for summary v{featureVersion} ({dimension}-d); this Timbre knows v{FeaturesVersion.V1} … v{FeaturesVersion.Latest}.");
    }

    /// <summary>
    /// The analysis sets named by <paramref name="names"/> (<see cref="AnalysisSetName"/>: "model" = its newest version, "model@N" or "model@vN"); none = the
    /// set with most analyses.
    /// </summary>
    public static IReadOnlyList<AnalysisSetInfo> Sets(ICatalogStore store, IReadOnlyList<string> names)
    {
        if (names.Count == 0)
        {
            return [CatalogContextLoader.ChooseSet(store)];
        }

        return [.. names.Select(n =>
        {
            var (model, version) = AnalysisSetName.Parse(n);
            return CatalogContextLoader.ChooseSet(store, new CatalogLoadOptions { ModelId = model, FeatureVersion = version });
        })];
    }

    /// <summary>
    /// Reads the embeddings of present tracks analysed in every one of <paramref name="sets"/>: all of them, or an
    /// even stride of the first set's analyses when it has more than <paramref name="maxTracks"/> (memory stays
    /// bounded on a large library; the fit subsamples anyway).
    /// </summary>
    public static SpaceData Read(ICatalogStore store, IReadOnlyList<AnalysisSetInfo> sets, int maxTracks = int.MaxValue)
    {
        var tracks = store.TracksById();

        var stride = (int)Math.Max(1, Math.Ceiling(sets[0].Count / (double)maxTracks));
        var first = store.ReadAnalyses(sets[0].ModelId, sets[0].FeatureVersion)
            .Where(a => tracks.ContainsKey(a.TrackId))
            .Where((_, i) => i % stride == 0)
            .ToDictionary(a => a.TrackId, a => a.Embedding);
        var bySet = new List<Dictionary<long, float[]>> { first };
        bySet.AddRange(sets.Skip(1).Select(s => store.ReadAnalyses(s.ModelId, s.FeatureVersion).Where(a => first.ContainsKey(a.TrackId)).ToDictionary(a => a.TrackId, a => a.Embedding)));
        var ids = bySet[0].Keys.Where(id => bySet.All(d => d.ContainsKey(id))).Order().ToList();
        var inputs = sets.Select((s, i) => new SpaceInput(
            new SpaceSetRecord(s.ModelId, s.FeatureVersion, s.EmbeddingDimension),
            BlockNames(s.ModelId, s.FeatureVersion, s.EmbeddingDimension),
            [.. ids.Select(id => bySet[i][id])])).ToList();
        var albums = TrackGrouping.Assign([.. ids.Select(id => tracks[id])]).Select(g => g.AlbumKey).ToList();
        return new SpaceData(ids, [.. ids.Select(id => tracks[id].Path)], inputs, albums);
    }

    /// <summary>
    /// Fits on <paramref name="data"/> (its albums train the within-album whitening when the options ask for it); a
    /// clear error when the library is too small.
    /// </summary>
    public static EmbeddingSpaceRecord Fit(SpaceData data, EmbeddingSpaceOptions options)
    {
        if (data.TrackIds.Count < 2)
        {
            throw new InvalidOptionsException($"An embedding space needs at least 2 tracks analysed in every set; the catalog has {data.TrackIds.Count}.");
        }

        return EmbeddingSpaceFitter.Fit(data.Inputs, options, albums: data.Albums);
    }

    /// <summary>
    /// One line on the within-album whitening of <paramref name="space"/>: fitted from how many albums, or why it was
    /// skipped (too few albums of two or more tracks, with the minimum), or null when it was not asked for.
    /// </summary>
    /// <param name="space">The fitted space.</param>
    /// <param name="albums">The album key of each track it was fitted on, to count them; null = not counted.</param>
    public static string? AlbumWhiteningNote(EmbeddingSpaceRecord space, IReadOnlyList<string>? albums = null)
    {
        ArgumentNullException.ThrowIfNull(space);
        if (!space.AlbumWhitening)
        {
            return null;
        }

        return space.WhitenedAlbums > 0
            ? string.Create(CultureInfo.InvariantCulture, $"Within-album whitening fitted from {space.WhitenedAlbums} albums.")
            : string.Create(
                CultureInfo.InvariantCulture,
                $"Within-album whitening skipped: it needs {EmbeddingSpaceOptions.DefaultMinAlbums} albums of 2 or more tracks{(albums is null ? "" : $", the library has {EmbeddingSpaceFitter.CountAlbums(albums)}")} (albums come from tags, else folders).");
    }

    /// <summary>The options a stored space was fitted with (flags, clamp, block weights), to refit it the same way.</summary>
    public static EmbeddingSpaceOptions OptionsOf(EmbeddingSpaceRecord space) => new()
    {
        RobustScaling = space.RobustScaling,
        Whitening = space.Whitening,
        AlbumWhitening = space.AlbumWhitening,
        BalanceBlocks = space.BalanceBlocks,
        Clamp = space.Clamp,
        MutualProximity = space.MutualProximity
            ? new() { SampleSize = Math.Max(space.ProximitySample, 2), Candidates = Math.Max(space.ProximityCandidates, 1) }
            : null,
        BlockWeights = space.Blocks.GroupBy(b => b.Name).ToDictionary(g => g.Key, g => (double)g.First().Weight),
    };

    /// <summary>
    /// Parses <c>timbre=1,harmony=0.5</c> into block weights over the defaults
    /// (<see cref="EmbeddingSpaceOptions.DefaultBlockWeights"/>); unknown block names are an error.
    /// </summary>
    public static IReadOnlyDictionary<string, double> ParseWeights(string? text)
    {
        var result = new Dictionary<string, double>(EmbeddingSpaceOptions.DefaultBlockWeights, StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(text))
        {
            return result;
        }

        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            var name = eq > 0 ? part[..eq].Trim().ToLowerInvariant() : "";
            if (!EmbeddingBlocks.All.Contains(name)
                || !double.TryParse(part[(eq + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var weight))
            {
                throw new InvalidOptionsException($"Bad block weight '{part}': use NAME=NUMBER with NAME one of {string.Join(", ", EmbeddingBlocks.All)}.");
            }

            result[name] = weight;
        }

        return result;
    }

    /// <summary>
    /// Refits the catalog's space after a scan: the stored space's sets and options when it has one (and they are
    /// still in the catalog), else a new default space over <paramref name="scanned"/>. Returns the space, or null
    /// when too few tracks are analysed.
    /// </summary>
    public static EmbeddingSpaceRecord? RefitAfterScan(ICatalogStore store, IReadOnlyList<(string ModelId, int FeatureVersion)> scanned)
    {
        var existing = store.FindEmbeddingSpace();
        var available = store.ListAnalysisSets();
        var wanted = existing?.Sets.Select(s => (s.ModelId, s.FeatureVersion)).ToList() ?? [.. scanned];
        var sets = wanted.Select(w => available.FirstOrDefault(a => a.ModelId == w.ModelId && a.FeatureVersion == w.FeatureVersion && a.Count > 0)).ToList();
        if (sets.Any(s => s is null))
        {
            sets = [.. scanned.Select(w => available.FirstOrDefault(a => a.ModelId == w.ModelId && a.FeatureVersion == w.FeatureVersion && a.Count > 0))];
            existing = null;
        }

        if (sets.Any(s => s is null))
        {
            return null;
        }

        var options = existing is null ? EmbeddingSpaceOptions.Default : OptionsOf(existing);
        var data = Read(store, sets!, options.MaxFitTracks);
        if (data.TrackIds.Count < 2)
        {
            return null;
        }

        var space = Fit(data, options);
        store.SaveEmbeddingSpace(space);
        return space;
    }
}
