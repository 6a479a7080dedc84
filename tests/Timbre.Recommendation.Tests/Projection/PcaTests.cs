using Timbre.Recommendation.Projection;

namespace Timbre.Recommendation.Tests.Projection;

public sealed class PcaTests
{
    // The matrix and the reference values of make_pca_reference.py (numpy.linalg.eigh of numpy.cov).
    private static readonly float[][] Rows =
    [
        [2.5f, 2.4f, 0.5f, 1.0f],
        [0.5f, 0.7f, 1.5f, -1.0f],
        [2.2f, 2.9f, 0.1f, 0.5f],
        [1.9f, 2.2f, 0.9f, 0.0f],
        [3.1f, 3.0f, -0.4f, 1.5f],
        [2.3f, 2.7f, 0.2f, -0.5f],
        [2.0f, 1.6f, 1.1f, 0.25f],
        [1.0f, 1.1f, 1.9f, -0.75f],
    ];

    private static readonly double[] Variances = [2.452362519247, 0.231295777230, 0.050664130267, 0.025499001828];
    private static readonly double[] First = [0.518725063729, 0.519165046973, -0.464970652959, 0.495170934272];
    private static readonly double[] Second = [0.063640283410, -0.489920130440, 0.364560626699, 0.789318522257];
    private static readonly double[] Row0 = [0.998404453018, 0.485201182993];

    [Fact]
    public void Matches_numpy_eigen_decomposition_of_the_covariance()
    {
        var pca = Pca.Fit(Rows, 4);

        // float inputs: agreement to about 1e-6 of the values' scale.
        for (var k = 0; k < 4; k++)
        {
            Assert.Equal(Variances[k], pca.ExplainedVariance[k], 1e-5);
        }

        for (var j = 0; j < 4; j++)
        {
            Assert.Equal(First[j], pca.Components[0][j], 1e-5);
            Assert.Equal(Second[j], pca.Components[1][j], 1e-5);
        }

        var projected = pca.Transform(Rows[0]);
        Assert.Equal(Row0[0], projected[0], 1e-5);
        Assert.Equal(Row0[1], projected[1], 1e-5);
    }

    [Fact]
    public void Keeps_at_most_the_input_dimension_and_refuses_bad_input()
    {
        Assert.Equal(4, Pca.Fit(Rows, 50).Components.Count);
        Assert.Equal(2, Pca.Fit(Rows, 2).Components.Count);
        Assert.Throws<ArgumentException>(() => Pca.Fit([Rows[0]], 2));
        Assert.Throws<ArgumentException>(() => Pca.Fit([Rows[0], [1f, 2f]], 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => Pca.Fit(Rows, 0));
    }
}
