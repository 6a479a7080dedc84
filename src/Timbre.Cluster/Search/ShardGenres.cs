using Timbre.Core.Catalog;
using Timbre.Recommendation.Catalog;
using Timbre.Recommendation.Recommenders;

namespace Timbre.Cluster.Search;

/// <summary>
/// A shard's genre vectors, row for row with its index: what the single-node snapshot gives the same tracks (the
/// served model's predicted probabilities, or one-hot of the tag label over the catalog's sorted label set), with
/// each row's top genre and the profile method's scorer over them.
/// </summary>
public sealed class ShardGenres
{
    /// <summary>Over <paramref name="vectors"/> (one per index row) of <paramref name="labels"/>.</summary>
    public ShardGenres(string[] labels, float[][] vectors)
    {
        Labels = labels;
        Vectors = vectors;
        Top = [.. vectors.Select(TopOf)];
        Scorer = GenreRowScorer.Of(vectors, labels.Length);
    }

    /// <summary>The genre labels, in the snapshot's order.</summary>
    public string[] Labels { get; }

    /// <summary>Each row's genre vector.</summary>
    public float[][] Vectors { get; }

    /// <summary>Each row's top genre (the first largest value, as <c>TrackFeatures.TopGenre</c>), −1 when it has none.</summary>
    public int[] Top { get; }

    /// <summary>Z of every row against a profile, as the single-node profile scan.</summary>
    public GenreRowScorer Scorer { get; }

    /// <summary>Whether the vectors are the served set's predicted probabilities (the snapshot's <c>GenreInfo.Model</c>: library pages show their top genre), not one-hot tags.</summary>
    public bool FromModel { get; init; }

    /// <summary>The first largest value's position, −1 for an empty vector (as <c>TrackFeatures.TopGenre</c>).</summary>
    public static int TopOf(float[] p)
    {
        ArgumentNullException.ThrowIfNull(p);
        var best = -1;
        var bestValue = float.NegativeInfinity;
        for (var i = 0; i < p.Length; i++)
        {
            if (p[i] > bestValue)
            {
                bestValue = p[i];
                best = i;
            }
        }

        return best;
    }
}

/// <summary>
/// Collects genre vectors while <see cref="ShardRows"/> streams an analysis set: the set's own probabilities when it
/// has labels (<c>GenreInfo.Model</c>); otherwise one-hot of each track's tag over the distinct tags of every track of
/// the set (case-insensitive, sorted, first spelling kept: <c>CatalogContextLoader</c>'s vocabulary), which needs each
/// track's tag (read once from the track table, only then; one string per distinct tag kept). The shards make no genre
/// vectors (null; the web server then loads its snapshot for those journeys) when a track of the set has no tag (the
/// single node would give it a neighbour vote over the whole index), when no track has one, or when a set's vector has
/// the wrong length.
/// </summary>
internal sealed class ShardGenreReader
{
    private readonly string[]? _modelLabels;
    private readonly Dictionary<long, string?>? _tags;
    private readonly List<string> _vocabulary = [];
    private readonly HashSet<string> _seen = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<long, float[]> _probabilities = [];
    private bool _unsupported;

    public ShardGenreReader(ICatalogStore store, AnalysisSetInfo set, CatalogLoadOptions options)
    {
        if (set.GenreLabels.Count > 0)
        {
            _modelLabels = [.. set.GenreLabels];
        }
        else if (options.Fallback == GenreFallback.OneHot)
        {
            _tags = Tags(store, options.Labels);
        }
        else
        {
            _unsupported = true;
        }
    }

    /// <summary>Every analysis of the set, in order (the label vocabulary is the whole set's).</summary>
    public void See(AnalysisRecord a)
    {
        if (_unsupported || _tags is null || !_tags.TryGetValue(a.TrackId, out var label))
        {
            return;
        }

        if (label is null)
        {
            _unsupported = true;
            return;
        }

        if (_seen.Add(label))
        {
            _vocabulary.Add(label);
        }
    }

    /// <summary>An analysis whose row a shard keeps.</summary>
    public void Keep(AnalysisRecord a)
    {
        if (_unsupported || _modelLabels is null)
        {
            return;
        }

        if (a.GenreProbabilities.Length != _modelLabels.Length)
        {
            _unsupported = true;
            return;
        }

        _probabilities[a.TrackId] = a.GenreProbabilities;
    }

    /// <summary>The genre vectors of one shard's rows (<paramref name="ids"/>, its index order), or null when unsupported.</summary>
    public ShardGenres? Of(IReadOnlyList<long> ids)
    {
        if (_unsupported || (_modelLabels is null && _vocabulary.Count == 0))
        {
            return null;
        }

        if (_modelLabels is not null)
        {
            return new ShardGenres(_modelLabels, [.. ids.Select(id => _probabilities[id])]) { FromModel = true };
        }

        // One shared vector per label (rows only read them); a row without a track record (the single node leaves
        // such tracks out) scores as no genre.
        var labels = _vocabulary.Order(StringComparer.OrdinalIgnoreCase).ToArray();
        var oneHot = labels.Select((_, i) =>
        {
            var p = new float[labels.Length];
            p[i] = 1f;
            return p;
        }).ToArray();
        var position = labels.Select((l, i) => (l, i)).ToDictionary(p => p.l, p => p.i, StringComparer.OrdinalIgnoreCase);
        var none = new float[labels.Length];
        return new ShardGenres(labels, [.. ids.Select(id => _tags!.GetValueOrDefault(id) is { } label ? oneHot[position[label]] : none)]);
    }

    /// <summary>Each listed track's label (<see cref="CatalogContextLoader.LabelOf"/>), the tracks <c>TracksById</c> reads, page by page.</summary>
    private static Dictionary<long, string?> Tags(ICatalogStore store, GenreLabelSource source)
    {
        var tags = new Dictionary<long, string?>();
        var strings = new Dictionary<string, string>(StringComparer.Ordinal);
        TrackCursor? after = null;
        do
        {
            var page = store.ListTracks(new TrackQuery { After = after, Limit = TrackQuery.MaxLimit, Sort = TrackSort.Added });
            foreach (var t in page.Items)
            {
                var label = CatalogContextLoader.LabelOf(t, source);
                if (label is not null && !strings.TryAdd(label, label))
                {
                    label = strings[label];
                }

                tags[t.Id] = label;
            }

            after = page.Next;
        }
        while (after is not null);

        return tags;
    }
}
