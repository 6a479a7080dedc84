using Timbre.Recommendation.Space;

namespace Timbre.Recommendation.Tests.Space;

public sealed class RobustScalingTests
{
    private const float Tolerance = 1e-5f;

    [Fact]
    public void Fit_GivesMedianAndScaledMad_OnHandComputedColumns()
    {
        // Column 0: 1, 2, 3, 4, 100 → median 3, |dev| 2, 1, 0, 1, 97 → MAD 1 → scale 1.4826.
        // Column 1: 10, 10, 10, 10, 12 → median 10, MAD 0 → 1.2533 × mean |dev| (0.4) = 0.50132.
        // Column 2: constant 7 → MAD 0 and mean |dev| 0 → the floor, 0.01 × median positive scale (0.50132, 1.4826 → 0.99196).
        float[][] rows = [[1, 10, 7], [2, 10, 7], [3, 10, 7], [4, 10, 7], [100, 12, 7]];

        var (centre, scale) = RobustScaling.Fit(rows, [0, 1, 2], relativeFloor: 0.01);

        Assert.Equal([3f, 10f, 7f], centre);
        Assert.Equal(1.4826f, scale[0], Tolerance);
        Assert.Equal(1.2533f * 0.4f, scale[1], Tolerance);
        Assert.Equal(0.01f * ((0.50132f + 1.4826f) / 2), scale[2], Tolerance);
    }

    [Fact]
    public void Median_OfAnEvenCount_IsTheMeanOfTheMiddleTwo()
    {
        Assert.Equal(2.5, RobustScaling.Median(new double[] { 4, 1, 3, 2 }));
        Assert.Throws<ArgumentException>(() => RobustScaling.Median(Span<double>.Empty));
    }

    [Fact]
    public void Space_StandardisesAndClamps_WithoutBalancing()
    {
        float[][] rows = [[1, 10, 7], [2, 10, 7], [3, 10, 7], [4, 10, 7], [100, 12, 7]];
        var input = new SpaceInput(new Core.Catalog.SpaceSetRecord("summary", 1, 3), ["timbre", "timbre", "timbre"], rows);

        var space = new EmbeddingSpace(EmbeddingSpaceFitter.Fit([input], new EmbeddingSpaceOptions { BalanceBlocks = false }));

        var outlier = space.Transform([[100, 12, 8]]);
        Assert.Equal(5f, outlier[0], Tolerance); // 97 / 1.4826 = 65.4, clamped to 5
        Assert.Equal(2f / 0.50132f, outlier[1], 1e-4f);
        Assert.Equal(5f, outlier[2], Tolerance); // a constant dimension cannot explode past the clamp
        var low = space.Transform([[1, 10, 7]]);
        Assert.Equal(-2f / 1.4826f, low[0], Tolerance);
        Assert.Equal(0f, low[2], Tolerance);
    }
}
