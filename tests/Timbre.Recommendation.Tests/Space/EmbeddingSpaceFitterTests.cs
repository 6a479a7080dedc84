using Timbre.Core.Catalog;
using Timbre.Recommendation.Space;

namespace Timbre.Recommendation.Tests.Space;

public sealed class EmbeddingSpaceFitterTests
{
    /// <summary>200 tracks: 40 timbre dims of spread 1, 4 rhythm dims of spread 10, 12 harmony dims of spread 0.1.</summary>
    private static SpaceInput Library(int seed = 7)
    {
        var random = new Random(seed);
        var blocks = Enumerable.Repeat("timbre", 40).Concat(Enumerable.Repeat("rhythm", 4)).Concat(Enumerable.Repeat("harmony", 12)).ToArray();
        var spread = blocks.Select(b => b switch { "timbre" => 1.0, "rhythm" => 10.0, _ => 0.1 }).ToArray();
        var vectors = Enumerable.Range(0, 200).Select(_ => spread.Select(s => (float)(s * Gaussian(random))).ToArray()).ToList();
        return new SpaceInput(new SpaceSetRecord("summary", 2, blocks.Length), blocks, vectors);
    }

    private static double Gaussian(Random r) => Math.Sqrt(-2 * Math.Log(1 - r.NextDouble())) * Math.Cos(2 * Math.PI * r.NextDouble());

    [Fact]
    public void BalancedBlocks_HaveEqualExpectedSquaredNorm_WhateverTheirDimensions()
    {
        var input = Library();

        var record = EmbeddingSpaceFitter.Fit([input], new EmbeddingSpaceOptions { BlockWeights = new Dictionary<string, double>() });

        Assert.Equal(["timbre", "harmony", "rhythm"], record.Blocks.Select(b => b.Name)); // laid out in EmbeddingBlocks order
        var space = new EmbeddingSpace(record);
        var outputs = input.Vectors.Select(v => space.Transform([v])).ToList();
        foreach (var block in space.Blocks)
        {
            var meanSquared = outputs.Average(o => o.AsSpan(block.Start, block.Length).ToArray().Sum(x => (double)x * x));
            Assert.Equal(1.0, meanSquared, 1e-4);
        }

        // Robust z-scores make each dimension about unit variance, so the gain is about 1/√dims.
        Assert.Equal(1 / Math.Sqrt(40), record.Blocks[0].Gain, 0.02);
        Assert.Equal(1 / Math.Sqrt(4), record.Blocks[2].Gain, 0.1);
    }

    [Fact]
    public void BlockWeights_ScaleTheExpectedSquaredNorm_AndZeroDropsTheBlock()
    {
        var input = Library();
        var options = new EmbeddingSpaceOptions { BlockWeights = new Dictionary<string, double> { ["timbre"] = 4, ["harmony"] = 0 } };
        Assert.Equal(0.25, EmbeddingSpaceOptions.Default.WeightOf("rhythm"));
        Assert.Equal(1.0, EmbeddingSpaceOptions.Default.WeightOf("timbre"));

        var record = EmbeddingSpaceFitter.Fit([input], options);

        Assert.Equal(["timbre", "rhythm"], record.Blocks.Select(b => b.Name));
        var vectors = input.Vectors;
        var timbre = EmbeddingSpaceFitter.MeanSquaredNorm(record.Blocks[0], vectors, record.Clamp) * record.Blocks[0].Gain * record.Blocks[0].Gain;
        var rhythm = EmbeddingSpaceFitter.MeanSquaredNorm(record.Blocks[1], vectors, record.Clamp) * record.Blocks[1].Gain * record.Blocks[1].Gain;
        Assert.Equal(4.0, timbre, 1e-4);
        Assert.Equal(1.0, rhythm, 1e-4);
        var none = new Dictionary<string, double> { ["timbre"] = 0, ["harmony"] = 0, ["rhythm"] = 0 };
        Assert.Throws<Core.Errors.InvalidOptionsException>(() => EmbeddingSpaceFitter.Fit([input], new EmbeddingSpaceOptions { BlockWeights = none }));
    }

    [Fact]
    public void Whitening_GivesDecorrelatedUnitVarianceComponents()
    {
        // Two strongly correlated dimensions plus one independent: whitened, the covariance is about the identity.
        var random = new Random(3);
        var vectors = Enumerable.Range(0, 500).Select(_ =>
        {
            var a = Gaussian(random);
            return new[] { (float)a, (float)((0.9 * a) + (0.3 * Gaussian(random))), (float)(2 * Gaussian(random)) };
        }).ToList();
        var input = new SpaceInput(new SpaceSetRecord("m", 1, 3), ["learned", "learned", "learned"], vectors);
        var options = new EmbeddingSpaceOptions { Whitening = true, WhiteningVariance = 1, WhiteningEpsilon = 0, BalanceBlocks = false, Clamp = 100 };

        var space = new EmbeddingSpace(EmbeddingSpaceFitter.Fit([input], options));

        Assert.Equal(3, space.Dimension);
        var outputs = vectors.Select(v => space.Transform([v])).ToList();
        for (var i = 0; i < 3; i++)
        {
            for (var j = 0; j < 3; j++)
            {
                var mi = outputs.Average(o => o[i]);
                var mj = outputs.Average(o => o[j]);
                var cov = outputs.Sum(o => (o[i] - mi) * (o[j] - mj)) / (outputs.Count - 1);
                Assert.Equal(i == j ? 1.0 : 0.0, cov, 0.02);
            }
        }
    }

    [Fact]
    public void SymmetricEigen_OfAHandComputedMatrix()
    {
        // [[2, 1], [1, 2]] has eigenvalues 1 and 3 with eigenvectors (1, −1)/√2 and (1, 1)/√2.
        var (values, vectors) = BlockWhitening.SymmetricEigen(new double[,] { { 2, 1 }, { 1, 2 } });

        var order = values[0] < values[1] ? new[] { 0, 1 } : [1, 0];
        Assert.Equal(1.0, values[order[0]], 1e-12);
        Assert.Equal(3.0, values[order[1]], 1e-12);
        Assert.Equal(1 / Math.Sqrt(2), Math.Abs(vectors[0, order[1]]), 1e-12);
        Assert.Equal(vectors[0, order[1]], vectors[1, order[1]], 1e-12);
        Assert.Equal(vectors[0, order[0]], -vectors[1, order[0]], 1e-12);
    }

    [Fact]
    public void Fusion_ConcatenatesTheBlocksOfEverySet_InSetOrder()
    {
        var summary = Library();
        var random = new Random(11);
        var learned = new SpaceInput(new SpaceSetRecord("contrastive", 1, 8), Enumerable.Repeat("learned", 8).ToArray(),
            summary.Vectors.Select(_ => Enumerable.Range(0, 8).Select(_ => (float)Gaussian(random)).ToArray()).ToList());

        var space = new EmbeddingSpace(EmbeddingSpaceFitter.Fit([summary, learned]));

        Assert.Equal(["timbre", "harmony", "rhythm", "learned"], space.Blocks.Select(b => b.Name));
        Assert.Equal(56 + 8, space.Dimension);
        Assert.Equal("summary@v2+contrastive@v1#space", space.Key);
        Assert.Throws<ArgumentException>(() => space.Transform([summary.Vectors[0]]));
    }

    [Fact]
    public void BlockNames_MapVersion1AndVersion2FeatureNames()
    {
        Assert.Equal(EmbeddingBlocks.Timbre, EmbeddingBlocks.OfDimension("mfcc[3].std"));
        Assert.Equal(EmbeddingBlocks.Timbre, EmbeddingBlocks.OfDimension("mfcc_delta[0].mean"));
        Assert.Equal(EmbeddingBlocks.Harmony, EmbeddingBlocks.OfDimension("tonnetz[5].max"));
        Assert.Equal(EmbeddingBlocks.Harmony, EmbeddingBlocks.OfDimension("key"));
        Assert.Equal(EmbeddingBlocks.Rhythm, EmbeddingBlocks.OfDimension("tempo"));
        Assert.Equal(EmbeddingBlocks.Rhythm, EmbeddingBlocks.OfDimension("onset_rate.mean"));
        Assert.Equal(EmbeddingBlocks.Loudness, EmbeddingBlocks.OfDimension("rms.mean"));
        Assert.Equal(EmbeddingBlocks.Loudness, EmbeddingBlocks.OfDimension("dynamics"));
        Assert.Equal(EmbeddingBlocks.Other, EmbeddingBlocks.OfDimension("something_new"));
    }

    [Fact]
    public void BlockNames_AgreeWithTheSummaryLayoutsOwnBlocks_ForVersions1And2()
    {
        foreach (var version in new[] { Dsp.Summary.FeaturesVersion.V1, Dsp.Summary.FeaturesVersion.V2 })
        {
            foreach (var d in Dsp.Summary.SummaryLayout.ForVersion(version))
            {
                Assert.Equal(d.Block, EmbeddingBlocks.OfFeature(d.Feature));
            }
        }
    }
}
