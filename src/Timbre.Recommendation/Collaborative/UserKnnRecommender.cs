namespace Timbre.Recommendation.Collaborative;

/// <summary>
/// User-based CF (000/001): R_AB = k · Σ_{A' ∈ N_K(A), A' rated B} sim(A, A')·R_A'B with k = 1/(Σ|sim| + s),
/// N_K the K most similar users by |sim| (see <see cref="NeighbourSimilarity"/>, <see cref="KnnOptions.Shrinkage"/>).
/// </summary>
public sealed class UserKnnRecommender : CfRecommenderBase
{
    private readonly KnnOptions _options;

    /// <summary>Creates the recommender over a snapshot.</summary>
    public UserKnnRecommender(Domain.RecommendationContext context, KnnOptions? options = null)
        : base(context)
    {
        _options = (options ?? KnnOptions.Default).Validate();
    }

    /// <inheritdoc />
    public override string Name => "user-knn";

    /// <inheritdoc />
    protected override string Lead => "listeners with your taste liked it";

    /// <summary>Similarity of two users by index.</summary>
    public double Similarity(int a, int b)
    {
        var rowsB = Matrix.ByUser[b].ToDictionary(p => p.Item, p => p.Value);
        var co = new List<(float A, float B)>();
        foreach (var (item, va) in Matrix.ByUser[a])
        {
            if (rowsB.TryGetValue(item, out var vb))
            {
                co.Add((va, vb));
            }
        }

        return Similarity(co, Norm(a), Norm(b));
    }

    /// <inheritdoc />
    protected override float[] ScoreUser(int u)
    {
        var co = new Dictionary<int, List<(float A, float B)>>();
        foreach (var (item, va) in Matrix.ByUser[u])
        {
            foreach (var (other, vb) in Matrix.ByItem[item])
            {
                if (other != u)
                {
                    (co.TryGetValue(other, out var list) ? list : co[other] = []).Add((va, vb));
                }
            }
        }

        var normU = Norm(u);
        var neighbours = co
            .Select(kv => (User: kv.Key, Sim: Similarity(kv.Value, normU, Norm(kv.Key))))
            .Where(n => n.Sim != 0)
            .OrderByDescending(n => Math.Abs(n.Sim)).ThenBy(n => n.User)
            .Take(_options.Neighbours)
            .ToList();
        var num = new double[Matrix.ItemCount];
        var den = new double[Matrix.ItemCount];
        foreach (var (user, sim) in neighbours)
        {
            foreach (var (item, value) in Matrix.ByUser[user])
            {
                num[item] += sim * value;
                den[item] += Math.Abs(sim);
            }
        }

        var scores = new float[Matrix.ItemCount];
        for (var i = 0; i < scores.Length; i++)
        {
            scores[i] = den[i] > 0 ? (float)(num[i] / (den[i] + _options.Shrinkage)) : float.NaN;
        }

        return scores;
    }

    private double Similarity(List<(float A, float B)> co, double normA, double normB)
    {
        if (_options.Similarity == NeighbourSimilarity.Cosine)
        {
            var dot = co.Sum(p => (double)p.A * p.B);
            return normA > 0 && normB > 0 ? dot / (normA * normB) : 0;
        }

        if (co.Count < 2)
        {
            return 0;
        }

        var ma = co.Average(p => p.A);
        var mb = co.Average(p => p.B);
        double sab = 0, saa = 0, sbb = 0;
        foreach (var (a, b) in co)
        {
            sab += (a - ma) * (b - mb);
            saa += (a - ma) * (a - ma);
            sbb += (b - mb) * (b - mb);
        }

        return saa > 0 && sbb > 0 ? sab / Math.Sqrt(saa * sbb) : 0;
    }

    private double Norm(int u) => Math.Sqrt(Matrix.ByUser[u].Sum(p => (double)p.Value * p.Value));
}
