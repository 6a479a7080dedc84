using Timbre.Recommendation.Projection;

namespace Timbre.Recommendation.Tests.Projection;

public sealed class TSneTests
{
    private static readonly TSneOptions Fast = new() { Iterations = 500, Seed = 7 };

    /// <summary>Five Gaussian clusters of 40 points in 20-D, centres 10 apart (σ = 1 per coordinate), seeded.</summary>
    private static (float[][] Rows, int[] Cluster) Clustered(int seed = 3)
    {
        var random = new Random(seed);
        var centres = Enumerable.Range(0, 5).Select(_ => Enumerable.Range(0, 20).Select(_ => (random.NextDouble() - 0.5) * 20).ToArray()).ToArray();
        var rows = new List<float[]>();
        var cluster = new List<int>();
        for (var c = 0; c < 5; c++)
        {
            for (var i = 0; i < 40; i++)
            {
                rows.Add([.. centres[c].Select(v => (float)(v + Normal(random)))]);
                cluster.Add(c);
            }
        }

        return ([.. rows], [.. cluster]);
    }

    private static double Normal(Random r) => Math.Sqrt(-2 * Math.Log(1 - r.NextDouble())) * Math.Cos(2 * Math.PI * r.NextDouble());

    /// <summary>Fraction of each point's 10 nearest map neighbours that share its cluster, averaged.</summary>
    private static double ClusterPurity(double[][] map, int[] cluster)
    {
        var total = 0.0;
        for (var i = 0; i < map.Length; i++)
        {
            var near = Enumerable.Range(0, map.Length).Where(j => j != i)
                .OrderBy(j => Math.Pow(map[i][0] - map[j][0], 2) + Math.Pow(map[i][1] - map[j][1], 2)).Take(10);
            total += near.Count(j => cluster[j] == cluster[i]) / 10.0;
        }

        return total / map.Length;
    }

    [Theory]
    [InlineData(2000)] // exact repulsion
    [InlineData(0)] // Barnes–Hut
    public void Keeps_clusters_together_and_neighbourhoods_better_than_chance(int exactUpTo)
    {
        var (rows, cluster) = Clustered();
        var map = LibraryProjection.Project(rows, Fast with { ExactUpTo = exactUpTo });

        Assert.Equal(rows.Length, map.Length);
        Assert.True(ClusterPurity(map, cluster) >= 0.98, $"cluster purity {ClusterPurity(map, cluster):F3}");
        var high = rows.Select(r => r.Select(v => (double)v).ToArray()).ToArray();
        var kept = NeighbourPreservation.Score(high, map, 10);
        // Chance is 10 / 199 ≈ 0.05; inside a cluster the 20-D noise leaves only part of the order to keep.
        Assert.True(kept >= 0.30, $"neighbours preserved {kept:F3}");
    }

    [Fact]
    public void Same_seed_gives_the_same_map_and_another_seed_another()
    {
        var (rows, _) = Clustered();
        var a = LibraryProjection.Project(rows, Fast with { Iterations = 300 });
        var b = LibraryProjection.Project(rows, Fast with { Iterations = 300 });
        var c = LibraryProjection.Project(rows, Fast with { Iterations = 300, Seed = 8 });

        Assert.Equal(a.SelectMany(p => p), b.SelectMany(p => p));
        Assert.NotEqual(a.SelectMany(p => p), c.SelectMany(p => p));
    }

    [Fact]
    public void Barnes_Hut_repulsion_with_theta_zero_equals_the_exact_sum()
    {
        var random = new Random(5);
        var x = Enumerable.Range(0, 300).Select(_ => random.NextDouble() * 10).ToArray();
        var y = Enumerable.Range(0, 300).Select(_ => random.NextDouble() * 10).ToArray();
        x[7] = x[8];
        y[7] = y[8]; // a duplicate shares a leaf
        var tree = new QuadTree(x, y);
        foreach (var i in new[] { 0, 7, 8, 150, 299 })
        {
            double fx = 0, fy = 0;
            var z = tree.Repulsion(i, 0, ref fx, ref fy);
            double ex = 0, ey = 0, ez = 0;
            for (var j = 0; j < x.Length; j++)
            {
                if (j != i)
                {
                    var dx = x[i] - x[j];
                    var dy = y[i] - y[j];
                    var w = 1 / (1 + (dx * dx) + (dy * dy));
                    ez += w;
                    ex += w * w * dx;
                    ey += w * w * dy;
                }
            }

            Assert.True(Math.Abs(ez - z) < 1e-9, $"point {i}: {ez} vs {z}");
            Assert.Equal(ex, fx, 1e-9);
            Assert.Equal(ey, fy, 1e-9);
        }
    }

    [Fact]
    public void Tiny_inputs_and_bad_options()
    {
        Assert.Empty(LibraryProjection.Project([]));
        Assert.Single(LibraryProjection.Project([[1f, 2f]]));
        Assert.Equal(3, LibraryProjection.Project([[1f, 2f], [2f, 1f], [0f, 0f]]).Length);
        Assert.Throws<ArgumentOutOfRangeException>(() => new TSneOptions { Perplexity = 0 }.Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => new TSneOptions { Theta = 0.9 }.Validate());
    }
}
