using Timbre.Training.Training;

namespace Timbre.Training.Tests.Training;

public class AugmenterTests
{
    [Fact]
    public void TimeShiftRotatesFramesAndKeepsRowSums()
    {
        var augmenter = new Augmenter(new AugmentationOptions { MaxTimeShift = 3 }, new Random(1));
        float[] batch = Enumerable.Range(0, 2 * 4 * 6).Select(i => (float)i).ToArray();
        float[] original = (float[])batch.Clone();
        augmenter.Apply(batch, 2, [1, 4, 6], new float[2 * 2], 2);
        for (int row = 0; row < 8; row++)
        {
            Assert.Equal(original.Skip(row * 6).Take(6).Sum(), batch.Skip(row * 6).Take(6).Sum(), 3);
            Assert.Equal(original.Skip(row * 6).Take(6).Order(), batch.Skip(row * 6).Take(6).Order());
        }
    }

    [Fact]
    public void MixupKeepsTargetsSummingToOne()
    {
        var augmenter = new Augmenter(new AugmentationOptions { MixupAlpha = 0.4 }, new Random(2));
        float[] batch = new float[4 * 3];
        float[] targets = [1, 0, 0, 1, 1, 0, 0, 1];
        augmenter.Apply(batch, 4, [3], targets, 2);
        for (int i = 0; i < 4; i++)
        {
            Assert.Equal(1f, targets[2 * i] + targets[(2 * i) + 1], 5);
        }
    }

    [Fact]
    public void MasksFillWithTheSampleMean()
    {
        var augmenter = new Augmenter(new AugmentationOptions { TimeMasks = 1, MaxTimeMaskWidth = 6, FrequencyMasks = 1, MaxFrequencyMaskWidth = 4 }, new Random(3));
        float[] batch = Enumerable.Range(0, 4 * 6).Select(i => i % 2 == 0 ? 0f : 2f).ToArray();
        augmenter.Apply(batch, 1, [1, 4, 6], new float[2], 2);
        Assert.All(batch, v => Assert.Contains(v, new[] { 0f, 1f, 2f }));
    }
}
