using Timbre.Recommendation.Projection;
using Xunit.Abstractions;

namespace Timbre.Recommendation.Tests.Projection;

/// <summary>The large-n path of <see cref="TSne"/>: HNSW neighbours, the start from the first coordinates, Z-ordered Barnes–Hut.</summary>
public sealed class ApproximateNeighboursTests(ITestOutputHelper output)
{
    /// <summary>The large path on every input of these tests (the default threshold is 50 000).</summary>
    private static readonly TSneOptions Large = new() { ApproximateFrom = 4, LargeIterations = 300, ExactUpTo = 0, Seed = 7 };

    /// <summary>
    /// <paramref name="n"/> PCA-50 rows of 12 Gaussian clusters in 100-D (centres σ = 1, sub-centres of 25 points σ = 0.5,
    /// noise σ = 0.5), like <c>catalog synth</c>'s genres, artists and tracks; seeded.
    /// </summary>
    private static double[][] Rows(int n, int seed = 3)
    {
        var random = new Random(seed);
        var centres = Enumerable.Range(0, 12).Select(_ => Normal(random, 100, 1)).ToArray();
        var rows = new float[n][];
        double[] sub = [];
        for (var i = 0; i < n; i++)
        {
            if (i % 25 == 0)
            {
                var c = centres[random.Next(centres.Length)];
                sub = [.. Normal(random, 100, 0.5).Select((v, d) => v + c[d])];
            }

            rows[i] = [.. sub.Select(v => (float)(v + (0.5 * Normal(random, 1, 1)[0])))];
        }

        var pca = Pca.Fit(rows, LibraryProjection.PcaComponents);
        return [.. rows.Select(r => pca.Transform(r))];
    }

    private static double[] Normal(Random r, int d, double sigma)
        => [.. Enumerable.Range(0, d).Select(_ => sigma * Math.Sqrt(-2 * Math.Log(1 - r.NextDouble())) * Math.Cos(2 * Math.PI * r.NextDouble()))];

    [Fact]
    public void Finds_at_least_95_percent_of_the_exact_neighbours_with_exact_distances()
    {
        var rows = Rows(2000);
        const int K = 91; // t-SNE's 3·30 + 1

        var (index, distance2) = ApproximateNeighbours.Find(rows, K, Large, null, CancellationToken.None);

        var found = new int[rows.Length];
        Parallel.For(0, rows.Length, i => found[i] = TSne.Nearest(rows, i, K).Index.Intersect(index[i]).Count());
        var hits = found.Sum();
        for (var i = 0; i < rows.Length; i++)
        {
            Assert.Equal(K, index[i].Length);
            Assert.DoesNotContain(i, index[i]);
            Assert.Equal(distance2[i].Order(), distance2[i]); // nearest first
            Assert.Equal(ApproximateNeighbours.Distance2(rows[i], rows[index[i][5]]), distance2[i][5]); // re-scored exactly
        }

        var recall = (double)hits / (rows.Length * K);
        output.WriteLine($"recall@{K} {recall:F4}");
        Assert.True(recall >= 0.95, $"recall@{K} {recall:F4}");
    }

    [Fact]
    public void Keeps_neighbourhoods_as_well_as_the_exact_path_within_0_03()
    {
        var rows = Rows(1000);

        var exact = TSne.Embed(rows, Large with { ApproximateFrom = int.MaxValue, Iterations = Large.LargeIterations });
        var large = TSne.Embed(rows, Large);

        var keptExact = NeighbourPreservation.Score(rows, exact, 10);
        var keptLarge = NeighbourPreservation.Score(rows, large, 10);
        output.WriteLine($"10-NN kept: large path {keptLarge:F4}, exact {keptExact:F4}");
        Assert.True(keptExact >= 0.2, $"exact path keeps {keptExact:F3}"); // chance: 10 / 999 ≈ 0.01
        Assert.True(Math.Abs(keptLarge - keptExact) <= 0.03, $"10-NN kept: large path {keptLarge:F3}, exact {keptExact:F3}");
        Assert.Equal(NeighbourPreservation.Score(rows, large, 10), NeighbourPreservation.SampledScore(rows, large, 10, 5000), 12); // a sample of all
    }

    [Fact]
    public void Same_seed_gives_the_same_layout_and_another_seed_another()
    {
        var rows = Rows(1200);
        var options = Large with { LargeIterations = 60 };

        var a = TSne.Embed(rows, options);
        var b = TSne.Embed(rows, options);
        var c = TSne.Embed(rows, options with { Seed = 8 });

        Assert.Equal(a.SelectMany(p => p), b.SelectMany(p => p));
        Assert.NotEqual(a.SelectMany(p => p), c.SelectMany(p => p));
    }

    [Fact]
    public void Duplicate_rows_and_bad_input()
    {
        var rows = Enumerable.Range(0, 40).Select(i => new double[] { i % 4, 0, 1 }).ToArray(); // ten copies of four points
        var layout = TSne.Embed(rows, Large with { LargeIterations = 50 });
        Assert.All(layout, p => Assert.True(double.IsFinite(p[0]) && double.IsFinite(p[1])));

        Assert.Throws<ArgumentException>(() => TSne.Embed([[0.0, 1], [1, double.NaN], [2, 2], [3, 3]], Large));
        Assert.Throws<ArgumentException>(() => TSne.Embed([[0.0, 1], [1, 1, 1], [2, 2], [3, 3]], Large));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TSneOptions { ApproximateFrom = 3 }.Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => new TSneOptions { NeighbourCandidates = 0 }.Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => new TSneOptions { LargeIterations = 0 }.Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => NeighbourPreservation.SampledScore(rows, layout, 10, 0));
    }
}
