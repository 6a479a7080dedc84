using System.Globalization;
using Timbre.App.Analysis;
using Timbre.App.Space;
using Timbre.Core.Catalog;
using Timbre.Core.Errors;
using Timbre.Data.Baselines;
using Timbre.Dsp.Summary;
using Timbre.Recommendation.Catalog;
using Timbre.Recommendation.Space;

namespace Timbre.Cli.Retrieval;

/// <summary>What <c>eval-retrieval</c> groups tracks by.</summary>
internal enum RetrievalGrouping
{
    /// <summary>Same album = relevant.</summary>
    Album,

    /// <summary>Same artist = relevant; the query's own album is left out of the candidates (album effect).</summary>
    Artist,
}

/// <summary>Which vector of each analysis is compared.</summary>
internal enum RetrievalVector
{
    /// <summary>The stored embedding, as recommendations use it.</summary>
    Embedding,

    /// <summary>The raw summary features, z-scored per dimension over the evaluated tracks.</summary>
    Summary,

    /// <summary>The MFCC-20 mean and std rows of the summary features (40 values), z-scored per dimension.</summary>
    Mfcc,

    /// <summary>The catalog's fitted embedding space (<c>timbre catalog space fit</c>), as recommendations use it.</summary>
    Space,
}

/// <summary>The evaluated tracks of one analysis set: vectors, relevance groups and exclude labels, in track-id order.</summary>
/// <param name="Set">The analysis set.</param>
/// <param name="Tracks">Evaluated tracks.</param>
/// <param name="Vectors">One vector per track.</param>
/// <param name="Groups">Relevance group key per track (album or artist key).</param>
/// <param name="GroupNames">Readable name of each group key.</param>
/// <param name="Exclude">Album key per track when grouping by artist (candidates of the query's album are removed), else null.</param>
/// <param name="Unlabelled">Analysed tracks left out because their group is unknown (no artist under --by artist).</param>
/// <param name="Folds">
/// When the catalog's space learned from albums (within-album whitening): the same tracks in spaces refitted without
/// each fold's albums (<see cref="SpaceCrossFitting"/>), to score each query only where its album was held out; else null.
/// </param>
internal sealed record RetrievalData(
    AnalysisSetInfo Set,
    IReadOnlyList<TrackRecord> Tracks,
    IReadOnlyList<float[]> Vectors,
    IReadOnlyList<string> Groups,
    IReadOnlyDictionary<string, string> GroupNames,
    IReadOnlyList<string>? Exclude,
    int Unlabelled,
    IReadOnlyList<SpaceFold>? Folds = null)
{
    /// <summary>Length of every vector.</summary>
    public int Dimensions => Vectors.Count == 0 ? 0 : Vectors[0].Length;

    /// <summary>
    /// Loads the present tracks analysed in the chosen set, labels them (<see cref="TrackGrouping"/>) and builds the
    /// vectors. Errors name what is missing: an unknown set (the present ones are listed), summary features the set
    /// lacks, or no group with two or more tracks.
    /// </summary>
    /// <param name="store">The catalog.</param>
    /// <param name="analysis">MODEL or MODEL@VERSION; null = the largest set.</param>
    /// <param name="by">Album or artist groups.</param>
    /// <param name="vector">Which vector of each analysis.</param>
    /// <param name="libraryRoot">Library folder for <see cref="TrackGrouping"/>; null = the tracks' common folder.</param>
    /// <param name="standardise">Z-score summary and MFCC vectors per dimension over the evaluated tracks (ignored for embeddings).</param>
    public static RetrievalData Load(ICatalogStore store, string? analysis, RetrievalGrouping by, RetrievalVector vector, string? libraryRoot, bool standardise = true)
    {
        var space = vector == RetrievalVector.Space ? SpaceOf(store, analysis) : null;
        var set = ChooseSet(store.ListAnalysisSets(), space is null ? analysis : $"{space.Sets[0].ModelId}@{space.Sets[0].FeatureVersion}");
        var tracks = store.TracksById();
        var analysed = new List<(TrackRecord Track, AnalysisRecord Analysis)>();
        foreach (var a in store.ReadAnalyses(set.ModelId, set.FeatureVersion))
        {
            if (tracks.TryGetValue(a.TrackId, out var t))
            {
                analysed.Add((t, a));
            }
        }

        var spaceVectors = space is null ? null : SpaceVectors(store, space, analysed);
        if (spaceVectors is not null)
        {
            analysed = [.. analysed.Where(x => spaceVectors.ContainsKey(x.Track.Id))];
        }

        var labels = TrackGrouping.Assign([.. analysed.Select(x => x.Track)], libraryRoot);
        var keep = Enumerable.Range(0, analysed.Count).Where(i => by == RetrievalGrouping.Album || labels[i].ArtistKey is not null).ToList();
        var groups = keep.Select(i => by == RetrievalGrouping.Album ? labels[i].AlbumKey : labels[i].ArtistKey!).ToList();
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var i in keep)
        {
            names.TryAdd(labels[i].AlbumKey, labels[i].Album);
            if (labels[i].ArtistKey is { } artist)
            {
                names.TryAdd(artist, labels[i].Artist!);
            }
        }

        var word = by == RetrievalGrouping.Album ? "album" : "artist";
        var largest = groups.GroupBy(g => g).Select(g => g.Count()).DefaultIfEmpty(0).Max();
        if (largest < 2)
        {
            throw new TimbreException(
                $"No {word} has 2 or more tracks analysed in '{Name(set)}' ({analysed.Count} analysed, {keep.Count} with a known {word}); "
                + (by == RetrievalGrouping.Artist ? "artists come from artist tags or Artist/Album/track folders." : "albums come from album tags or the track's folder."));
        }

        var vectors = spaceVectors is not null
            ? [.. keep.Select(i => spaceVectors[analysed[i].Track.Id])]
            : BuildVectors(set, [.. keep.Select(i => analysed[i].Analysis)], vector, standardise);
        var folds = space is { Record.WhitenedAlbums: > 0 } ? CrossFitted(store, space, [.. keep.Select(i => analysed[i].Track.Id)]) : null;
        return new RetrievalData(
            set,
            [.. keep.Select(i => analysed[i].Track)],
            vectors,
            groups,
            names,
            by == RetrievalGrouping.Artist ? [.. keep.Select(i => labels[i].AlbumKey)] : null,
            analysed.Count - keep.Count,
            folds);
    }

    /// <summary>
    /// The space refitted 3 × 5 times with one third of the albums' labels held out (<see cref="SpaceCrossFitting"/>),
    /// its rows mapped to <paramref name="trackIds"/> (the evaluated tracks, in order).
    /// </summary>
    private static IReadOnlyList<SpaceFold> CrossFitted(ICatalogStore store, EmbeddingSpace space, IReadOnlyList<long> trackIds)
    {
        var sets = store.ListAnalysisSets();
        var data = SpaceFitting.Read(store, [.. space.Sets.Select(s => sets.First(x => x.ModelId == s.ModelId && x.FeatureVersion == s.FeatureVersion))]);
        var rowOf = data.TrackIds.Select((id, r) => (id, r)).ToDictionary(x => x.id, x => x.r);
        var rows = trackIds.Select(id => rowOf[id]).ToArray();
        var folds = SpaceCrossFitting.Run(data.Inputs, data.Albums, SpaceFitting.OptionsOf(space.Record));
        return [.. folds.Select(f =>
        {
            var test = new HashSet<int>(f.Test);
            return f with
            {
                Vectors = [.. rows.Select(r => f.Vectors[r])],
                Test = [.. Enumerable.Range(0, rows.Length).Where(i => test.Contains(rows[i]))],
            };
        })];
    }

    /// <summary>"model@version".</summary>
    public static string Name(AnalysisSetInfo set) => string.Create(CultureInfo.InvariantCulture, $"{set.ModelId}@{set.FeatureVersion}");

    /// <summary>The set named by <c>--analysis</c> (MODEL or MODEL@VERSION), else the largest.</summary>
    internal static AnalysisSetInfo ChooseSet(IReadOnlyList<AnalysisSetInfo> sets, string? analysis)
    {
        if (sets.Count == 0)
        {
            throw new TimbreException("The catalog has no analyses; run 'timbre scan LIBRARY --catalog FILE' first.");
        }

        if (string.IsNullOrWhiteSpace(analysis))
        {
            return sets[0];
        }

        var (model, version) = AnalysisSetName.Parse(analysis);
        return sets.FirstOrDefault(s => s.ModelId == model && (version is null || s.FeatureVersion == version))
            ?? throw new InvalidOptionsException(
                $"The catalog has no analysis set '{analysis}'; present: {string.Join(", ", sets.Select(s => $"{Name(s)} ({s.Count} tracks)"))}.");
    }

    private static EmbeddingSpace SpaceOf(ICatalogStore store, string? analysis)
    {
        if (!string.IsNullOrWhiteSpace(analysis))
        {
            throw new InvalidOptionsException("--vector space evaluates the catalog's fitted space over its own sets; leave out --analysis.");
        }

        return CatalogContextLoader.SpaceFor(store)
            ?? throw new InvalidOptionsException(
                "The catalog has no current embedding space; run 'timbre catalog space fit --catalog FILE' (a scan fits one unless --no-space).");
    }

    /// <summary>The space's vector of every track analysed in all of its sets, by track id.</summary>
    private static Dictionary<long, float[]> SpaceVectors(ICatalogStore store, EmbeddingSpace space, IReadOnlyList<(TrackRecord Track, AnalysisRecord Analysis)> first)
    {
        var bySet = space.Sets.Skip(1)
            .Select(s => store.ReadAnalyses(s.ModelId, s.FeatureVersion).ToDictionary(a => a.TrackId, a => a.Embedding))
            .ToList();
        var result = new Dictionary<long, float[]>();
        foreach (var (track, analysis) in first)
        {
            var parts = new List<float[]> { analysis.Embedding };
            foreach (var set in bySet)
            {
                if (!set.TryGetValue(track.Id, out var e))
                {
                    break;
                }

                parts.Add(e);
            }

            if (parts.Count == space.Sets.Count)
            {
                result[track.Id] = space.Transform(parts);
            }
        }

        return result;
    }

    private static List<float[]> BuildVectors(AnalysisSetInfo set, IReadOnlyList<AnalysisRecord> analyses, RetrievalVector vector, bool standardise)
    {
        if (vector == RetrievalVector.Embedding)
        {
            return [.. analyses.Select(a => a.Embedding)];
        }

        var length = analyses[0].SummaryFeatures.Length;
        if (length == 0)
        {
            throw new InvalidOptionsException($"The '{Name(set)}' analyses store no summary features; use --vector embedding, or scan with --model summary.");
        }

        IReadOnlyList<int> columns = vector == RetrievalVector.Summary ? [.. Enumerable.Range(0, length)] : MfccColumns(set, length);
        var rows = analyses.Select(a => columns.Select(c => a.SummaryFeatures[c]).ToArray()).ToList();
        if (!standardise)
        {
            return rows;
        }

        var scaler = Standardizer.Fit(rows);
        return [.. rows.Select(r => scaler.Transform(r).Select(x => (float)x).ToArray())];
    }

    /// <summary>Positions of mfcc[0..19].mean and .std in the summary layout.</summary>
    private static int[] MfccColumns(AnalysisSetInfo set, int length)
    {
        if (length != SummaryLayout.FeatureCount)
        {
            throw new InvalidOptionsException(
                $"The '{Name(set)}' summary features have {length} values but this build's summary layout has {SummaryLayout.FeatureCount}; "
                + "the MFCC rows cannot be located (rescan with this build).");
        }

        var byName = SummaryLayout.Dimensions.ToDictionary(d => d.Name, d => d.Index, StringComparer.Ordinal);
        return
        [
            .. Enumerable.Range(0, 20).SelectMany(i => new[]
            {
                byName[string.Create(CultureInfo.InvariantCulture, $"mfcc[{i}].mean")],
                byName[string.Create(CultureInfo.InvariantCulture, $"mfcc[{i}].std")],
            }),
        ];
    }
}
