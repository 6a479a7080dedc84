using Timbre.Inference.Features;
using Timbre.Training.Contrastive;

namespace Timbre.Training.Tests.Contrastive;

public class ViewAugmenterTests
{
    [Fact]
    public void Views_have_the_model_shape_are_seeded_and_differ_between_draws()
    {
        var tracks = ContrastiveFixtures.Tones(3, 7, seed: 1);
        var augmenter = new ViewAugmenter(new ViewAugmentationOptions(), tracks, tracks.FitNormalization());
        Assert.Equal([1, 64, 65], augmenter.ViewShape);
        Assert.Equal(64, tracks.Rows);
        Assert.Equal(2 * 65, tracks.Frames(0)); // two whole 3-s clips of 7 s

        float[] View(int seed)
        {
            var v = new float[augmenter.ViewSize];
            augmenter.MakeView(1, new Random(seed), v);
            return v;
        }

        var a = View(5);
        Assert.Equal(a, View(5));
        Assert.NotEqual(a, View(6));
        Assert.All(a, v => Assert.True(float.IsFinite(v)));
    }

    [Fact]
    public void Without_distortions_a_view_is_the_stored_crop_z_scored()
    {
        var tracks = ContrastiveFixtures.Tones(2, 3, seed: 2); // one clip: the only crop starts at frame 0
        var normalization = tracks.FitNormalization();
        var augmenter = new ViewAugmenter(ViewAugmentationOptions.None, tracks, normalization);
        var view = new float[augmenter.ViewSize];
        augmenter.MakeView(0, new Random(1), view);
        var plain = new float[augmenter.ViewSize];
        augmenter.PlainView(0, 0, plain);
        Assert.Equal(plain, view);
    }

    [Fact]
    public void Resampling_up_moves_a_tone_to_higher_bands()
    {
        var tracks = ContrastiveFixtures.Tones(2, 7, seed: 3);
        var normalization = new Normalization(64, 65, new float[64], Enumerable.Repeat(1f, 64).ToArray());
        int Peak(ViewAugmentationOptions options, int seed)
        {
            var augmenter = new ViewAugmenter(options, tracks, normalization);
            var view = new float[augmenter.ViewSize];
            augmenter.MakeView(1, new Random(seed), view);
            var energy = Enumerable.Range(0, 64).Select(r => view.AsSpan(r * 65, 65).ToArray().Average()).ToArray();
            return Array.IndexOf(energy, energy.Max());
        }

        int plain = Peak(ViewAugmentationOptions.None, 1);
        // ±4 semitones drawn uniformly: find a seed that draws a clearly upward shift (first draw of the RNG).
        int seed = Enumerable.Range(0, 100).First(s => new Random(s).NextDouble() > 0.9);
        int shifted = Peak(ViewAugmentationOptions.None with { MaxResampleSemitones = 4 }, seed);
        Assert.True(shifted > plain, $"peak band {shifted} should lie above {plain}");
    }
}
