using Timbre.Evaluation.Retrieval;
using Timbre.Recommendation.Hubness;
using Timbre.Recommendation.Recommenders;
using Timbre.Recommendation.Space;

namespace Timbre.Cli.Retrieval;

/// <summary>Scores of one group (album or artist).</summary>
/// <param name="Name">Readable name.</param>
/// <param name="Tracks">Evaluated tracks of the group.</param>
/// <param name="Queries">Scored queries (tracks with a relevant candidate).</param>
/// <param name="Chance">Expected precision at k of a random ranking for this group's queries.</param>
/// <param name="Precision">Mean precision at k.</param>
/// <param name="MeanAveragePrecision">Mean average precision at k.</param>
/// <param name="Ndcg">Mean nDCG at k.</param>
internal sealed record RetrievalGroupRow(string Name, int Tracks, int Queries, double Chance, double Precision, double MeanAveragePrecision, double Ndcg);

/// <summary>The result of <c>timbre eval-retrieval</c>, as printed and written to retrieval.json.</summary>
/// <param name="Catalog">Catalog file.</param>
/// <param name="Analysis">Analysis set, MODEL@VERSION.</param>
/// <param name="By">album or artist.</param>
/// <param name="Vector">embedding, summary or mfcc; "(raw)" appended when summary or mfcc values were not z-scored.</param>
/// <param name="Dimensions">Vector length.</param>
/// <param name="K">Cut-off.</param>
/// <param name="Tracks">Evaluated tracks.</param>
/// <param name="Groups">Groups among them.</param>
/// <param name="Unlabelled">Analysed tracks left out (unknown artist under --by artist).</param>
/// <param name="Queries">Scored queries.</param>
/// <param name="Skipped">Tracks not scored: no other track of their group among the candidates.</param>
/// <param name="Chance">Chance precision at k.</param>
/// <param name="Precision">Mean precision at k.</param>
/// <param name="MeanAveragePrecision">Mean average precision at k.</param>
/// <param name="Ndcg">Mean nDCG at k.</param>
/// <param name="MeanAveragePrecisionAt10">Mean average precision at 10.</param>
/// <param name="PerGroup">Scores per group, by name.</param>
internal sealed record RetrievalReport(
    string Catalog,
    string Analysis,
    string By,
    string Vector,
    int Dimensions,
    int K,
    int Tracks,
    int Groups,
    int Unlabelled,
    int Queries,
    int Skipped,
    double Chance,
    double Precision,
    double MeanAveragePrecision,
    double Ndcg,
    double MeanAveragePrecisionAt10,
    IReadOnlyList<RetrievalGroupRow> PerGroup)
{
    /// <summary>
    /// Evaluates <paramref name="data"/> at k and at 10, ranked by the product's similar-songs scoring
    /// (<see cref="SimilarSongsRetrieval"/>): cosine, or with <paramref name="mutualProximity"/> its best candidates
    /// re-ranked by mutual proximity (default options), as recommendations in a fitted space are.
    /// </summary>
    public static RetrievalReport Evaluate(string catalog, RetrievalData data, RetrievalGrouping by, RetrievalVector vector, int k, bool standardised = true, bool mutualProximity = false)
    {
        var proximity = mutualProximity ? MutualProximityOptions.Default : null;
        RetrievalResult Score(int cut) => data.Folds is { } folds
            ? SpaceCrossFitting.Evaluate(folds, data.Groups, cut, data.Exclude, proximity)
            : SimilarSongsRetrieval.Evaluate(data.Vectors, data.Groups, cut, data.Exclude, proximity);
        var atK = Score(k);
        if (atK.Queries.Count == 0)
        {
            throw new Core.Errors.InvalidOptionsException(by == RetrievalGrouping.Artist
                ? $"No track has another track of its artist on another album ({data.Tracks.Count} tracks with a known artist), so there is nothing to score by artist."
                : "No track has another track of its album to find.");
        }

        var at10 = k == 10 ? atK : Score(10);
        var sizes = data.Groups.GroupBy(g => g, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var rows = atK.Queries.GroupBy(q => q.Group, StringComparer.Ordinal)
            .Select(g => new RetrievalGroupRow(
                data.GroupNames[g.Key],
                sizes[g.Key],
                g.Count(),
                g.Average(q => (double)q.Relevant / q.Candidates),
                g.Average(q => q.Precision),
                g.Average(q => q.AveragePrecision),
                g.Average(q => q.Ndcg)))
            .OrderBy(r => r.Name, StringComparer.OrdinalIgnoreCase)
            .ToList();
        return new RetrievalReport(
            catalog,
            RetrievalData.Name(data.Set),
            by.ToString().ToLowerInvariant(),
            vector.ToString().ToLowerInvariant() + (standardised || vector is RetrievalVector.Embedding or RetrievalVector.Space ? "" : " (raw)")
                + (data.Folds is null ? "" : " (within-album whitening: 3 folds by album x 5)") + (mutualProximity ? " + mutual proximity" : ""),
            data.Dimensions,
            k,
            data.Tracks.Count,
            sizes.Count,
            data.Unlabelled,
            atK.Queries.Count,
            atK.Skipped,
            atK.Chance,
            atK.Precision,
            atK.MeanAveragePrecision,
            atK.Ndcg,
            at10.MeanAveragePrecision,
            rows);
    }
}
