namespace Timbre.Recommendation.Collaborative;

/// <summary>
/// Item-based CF: sim(i, j) = cosine of the two tracks' user columns; score(u, j) = Σ_{i ∈ N_K(j) ∩ rated(u)}
/// sim(i, j)·r_ui / (Σ|sim(i, j)| + s), N_K(j) the K of the user's items most similar to j.
/// </summary>
public sealed class ItemKnnRecommender : CfRecommenderBase
{
    private readonly KnnOptions _options;
    private readonly double[] _itemNorms;

    /// <summary>Creates the recommender over a snapshot.</summary>
    public ItemKnnRecommender(Domain.RecommendationContext context, KnnOptions? options = null)
        : base(context)
    {
        _options = (options ?? KnnOptions.Default).Validate();
        _itemNorms = Matrix.ByItem.Select(col => Math.Sqrt(col.Sum(p => (double)p.Value * p.Value))).ToArray();
    }

    /// <inheritdoc />
    public override string Name => "item-knn";

    /// <inheritdoc />
    protected override string Lead => "often liked together with your songs";

    /// <inheritdoc />
    protected override float[] ScoreUser(int u)
    {
        var contributions = new Dictionary<int, List<(double Sim, float Rating)>>();
        foreach (var (i, rating) in Matrix.ByUser[u])
        {
            var dots = new Dictionary<int, double>();
            foreach (var (v, a) in Matrix.ByItem[i])
            {
                foreach (var (j, b) in Matrix.ByUser[v])
                {
                    if (j != i)
                    {
                        dots[j] = dots.GetValueOrDefault(j) + ((double)a * b);
                    }
                }
            }

            foreach (var (j, dot) in dots)
            {
                var sim = dot / (_itemNorms[i] * _itemNorms[j]);
                if (sim != 0)
                {
                    (contributions.TryGetValue(j, out var list) ? list : contributions[j] = []).Add((sim, rating));
                }
            }
        }

        var scores = new float[Matrix.ItemCount];
        Array.Fill(scores, float.NaN);
        foreach (var (j, list) in contributions)
        {
            double num = 0, den = 0;
            foreach (var (sim, rating) in list.OrderByDescending(c => Math.Abs(c.Sim)).Take(_options.Neighbours))
            {
                num += sim * rating;
                den += Math.Abs(sim);
            }

            scores[j] = (float)(num / (den + _options.Shrinkage));
        }

        return scores;
    }
}
