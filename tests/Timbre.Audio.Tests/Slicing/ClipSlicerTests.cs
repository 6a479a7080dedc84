using Timbre.Audio.Slicing;
using Timbre.Core.Audio;
using Timbre.Core.Errors;

namespace Timbre.Audio.Tests.Slicing;

public class ClipSlicerTests
{
    private static AudioBuffer Ramp(int n, int rate) => new(Enumerable.Range(0, n).Select(i => (float)i).ToArray(), rate);

    [Fact]
    public void NonOverlapping_DropsThePartialTail()
    {
        var slicer = new ClipSlicer(new ClipSlicerOptions { ClipSeconds = 1, HopSeconds = 1 });
        IReadOnlyList<AudioClip> clips = slicer.Slice(Ramp(35, 10));
        Assert.Equal(3, clips.Count);
        Assert.Equal(new[] { 0, 10, 20 }, clips.Select(c => c.Range.Start));
        Assert.All(clips, c => Assert.Equal(10, c.Samples.Length));
        Assert.Equal(20f, clips[2].Samples[0]);
        Assert.Equal(2.0, clips[2].StartSeconds);
    }

    [Fact]
    public void Overlapping_WithPad_KeepsOnePaddedTail()
    {
        var slicer = new ClipSlicer(new ClipSlicerOptions { ClipSeconds = 1, HopSeconds = 0.5, Partial = PartialClip.Pad });
        IReadOnlyList<ClipRange> plan = slicer.Plan(27, 10);
        Assert.Equal(new[] { 0, 5, 10, 15, 20 }, plan.Select(r => r.Start));
        Assert.Equal(new[] { 10, 10, 10, 10, 7 }, plan.Select(r => r.ValidLength));
        AudioClip last = slicer.Slice(Ramp(27, 10))[^1];
        Assert.Equal(26f, last.Samples[6]);
        Assert.Equal(0f, last.Samples[7]);
        Assert.Equal(0f, last.Samples[9]);
    }

    [Fact]
    public void ExactFit_HasNoPartialEvenWithPad()
    {
        var slicer = new ClipSlicer(new ClipSlicerOptions { ClipSeconds = 1, HopSeconds = 0.5, Partial = PartialClip.Pad });
        Assert.Equal(3, slicer.Plan(20, 10).Count); // starts 0, 5, 10: the last ends exactly at 20
    }

    [Fact]
    public void ShortTrack_GivesNothing_OrOnePaddedClipWithPadShort()
    {
        Assert.Empty(new ClipSlicer(new ClipSlicerOptions { ClipSeconds = 3 }).Plan(25, 10));
        var pad = new ClipSlicer(new ClipSlicerOptions { ClipSeconds = 3, PadShort = true });
        ClipRange only = Assert.Single(pad.Plan(25, 10));
        Assert.Equal(new ClipRange(0, 0, 30, 25), only);
        Assert.Empty(pad.Plan(0, 10));
        // PadShort does not add a tail to a track that already has whole clips.
        Assert.Single(pad.Plan(45, 10));
    }

    [Theory]
    [InlineData(3.0, 3.0, 22050 * 30)]
    [InlineData(3.0, 1.5, 22050 * 30 + 17)]
    [InlineData(10.0, 2.5, 661_500)]
    public void Plan_Invariants(double clip, double hop, int n)
    {
        var slicer = new ClipSlicer(new ClipSlicerOptions { ClipSeconds = clip, HopSeconds = hop });
        IReadOnlyList<ClipRange> plan = slicer.Plan(n, 22050);
        int length = slicer.ClipLength(22050), step = slicer.HopLength(22050);
        Assert.Equal((n - length) / step + 1, plan.Count);
        for (int i = 0; i < plan.Count; i++)
        {
            Assert.Equal(i, plan[i].Index);
            Assert.Equal(i * step, plan[i].Start);
            Assert.True(plan[i].Start + plan[i].Length <= n);
        }
    }

    [Fact]
    public void Options_AreValidated()
    {
        Assert.Throws<InvalidOptionsException>(() => new ClipSlicerOptions { ClipSeconds = 0 });
        Assert.Throws<InvalidOptionsException>(() => new ClipSlicerOptions { HopSeconds = -1 });
    }
}
