using Timbre.Audio;
using Timbre.Audio.Wav;
using Timbre.Core.Audio;
using Timbre.Core.Errors;
using Timbre.Data.Features;
using Timbre.Data.Loaders;
using Timbre.Dsp;
using Timbre.Inference.Features;

namespace Timbre.Data.Tests.Features;

public sealed class FeatureCacheTests : IDisposable
{
    private const int Rate = 8000;
    private readonly TempDir _dir = new();
    private readonly IAudioDecoder _decoder = AudioDecoders.CreateDefault();

    private static readonly FeatureExtractorSpec Small = new()
    {
        Kind = FeatureKind.LogMel, SampleRate = Rate, NFft = 256, HopLength = 128, NMels = 32, ClipSeconds = 0.5,
    };

    public void Dispose() => _dir.Dispose();

    private string Tone(string name, double frequency, double seconds, int seed)
    {
        var random = new Random(seed);
        var samples = new float[(int)(seconds * Rate)];
        for (int i = 0; i < samples.Length; i++)
        {
            samples[i] = (float)(0.4 * Math.Sin(2 * Math.PI * frequency * i / Rate) + 0.05 * (random.NextDouble() - 0.5));
        }

        string path = Path.Combine(_dir.Path, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        WavWriter.WriteFile(path, new AudioBuffer(samples, Rate));
        return path;
    }

    private List<CorpusItem> Corpus() =>
    [
        new(Tone("a/one.wav", 440, 2.0, 1), "a", "one"),
        new(Tone("a/two.wav", 660, 1.3, 2), "a", "two"),
        new(Tone("b/three.wav", 1500, 2.2, 3), "b", "three"),
    ];

    private string CachePath => Path.Combine(_dir.Path, "cache", "logmel.tfc");

    [Fact]
    public void Build_ThenOpen_GivesExactlyTheExtractorsValues_WithTracksLabelsAndClipIndex()
    {
        List<CorpusItem> items = Corpus();
        FeatureCache.Build(CachePath, items, Small, _decoder);
        using FeatureCache cache = FeatureCache.Open(CachePath, CacheKey.Compute(Small, items));

        Assert.Equal((32, 32), (cache.Rows, cache.Cols)); // 1 + 4000 / 128 = 32 frames
        Assert.Equal(["a", "b"], cache.Labels);
        Assert.Equal([4, 2, 4], cache.Tracks.Select(t => t.ClipCount)); // 2 s, 1.3 s, 2.2 s in 0.5-s clips, partial dropped
        Assert.Equal(10, cache.ClipCount);
        Assert.Equal(new CachedClip(2, 1, 1), cache.Clips[7]);
        Assert.Empty(cache.Skipped);

        var extractor = new FeatureExtractor(Small);
        float[] samples = _decoder.Decode(items[2].Path, Rate).Samples;
        float[] expected = extractor.Compute(samples.AsSpan(4000, 4000));
        Assert.Equal(expected, cache.Clip(7).ToArray());
        var copy = new float[cache.ValuesPerClip * 2];
        cache.CopyBatch([7, 0], copy);
        Assert.Equal(expected, copy[..cache.ValuesPerClip]);
        Assert.Equal(cache.Clip(0).ToArray(), copy[cache.ValuesPerClip..]);
    }

    [Fact]
    public void Build_ReportsAndSkipsBadAudio_AndTooShortTracks()
    {
        List<CorpusItem> items = Corpus();
        string garbage = _dir.File("b/garbage.wav", "RIFF\x10\0\0\0WAVEjunkjunkjunk"u8.ToArray());
        items.Add(new CorpusItem(garbage, "b", "garbage"));
        items.Add(new CorpusItem(Tone("b/short.wav", 300, 0.2, 4), "b", "short"));
        FeatureCache.Build(CachePath, items, Small, _decoder);
        using FeatureCache cache = FeatureCache.Open(CachePath);
        Assert.Equal(3, cache.Tracks.Count);
        Assert.Equal(2, cache.Skipped.Count);
        Assert.Contains(cache.Skipped, s => s.Path == garbage);
        Assert.Contains(cache.Skipped, s => s.Path.EndsWith("short.wav", StringComparison.Ordinal) && s.Reason.Contains("too short"));
    }

    [Theory]
    [InlineData(10)] // header: features version
    [InlineData(100)] // data
    [InlineData(-20)] // metadata near the end
    public void Open_DetectsAFlippedByte(int offset)
    {
        List<CorpusItem> items = Corpus();
        FeatureCache.Build(CachePath, items, Small, _decoder);
        byte[] bytes = File.ReadAllBytes(CachePath);
        int at = offset >= 0 ? offset : bytes.Length + offset;
        bytes[at] ^= 0x10;
        File.WriteAllBytes(CachePath, bytes);
        Assert.Throws<FeatureCacheException>(() => FeatureCache.Open(CachePath));
    }

    [Theory]
    [InlineData(30)]
    [InlineData(5000)]
    [InlineData(1)]
    public void Open_DetectsTruncation(int keep)
    {
        FeatureCache.Build(CachePath, Corpus(), Small, _decoder);
        byte[] bytes = File.ReadAllBytes(CachePath);
        File.WriteAllBytes(CachePath, bytes[..(bytes.Length - keep < 0 ? 0 : keep == 1 ? bytes.Length - 1 : keep)]);
        var e = Assert.Throws<FeatureCacheException>(() => FeatureCache.Open(CachePath));
        Assert.Contains("truncated", e.Reason);
    }

    [Fact]
    public void GetOrBuild_RebuildsACorruptCache_ThenReusesIt()
    {
        List<CorpusItem> items = Corpus();
        FeatureCacheResult first = FeatureCache.GetOrBuild(CachePath, items, Small, _decoder);
        Assert.True(first.Built);
        Assert.Equal("no cache file", first.Reason);
        float[] values = first.Cache.Clip(3).ToArray();
        first.Cache.Dispose();

        byte[] bytes = File.ReadAllBytes(CachePath);
        bytes[200] ^= 0xFF;
        File.WriteAllBytes(CachePath, bytes);
        FeatureCacheResult second = FeatureCache.GetOrBuild(CachePath, items, Small, _decoder);
        second.Cache.Dispose();
        Assert.True(second.Built);
        Assert.Contains("checksum", second.Reason);

        FeatureCacheResult reused = FeatureCache.GetOrBuild(CachePath, items, Small, _decoder);
        reused.Cache.Dispose();
        Assert.False(reused.Built);
        Assert.Null(reused.Reason);

        bytes = File.ReadAllBytes(CachePath);
        bytes[^5] ^= 0x01;
        File.WriteAllBytes(CachePath, bytes);
        FeatureCacheResult third = FeatureCache.GetOrBuild(CachePath, items, Small, _decoder);
        using (third.Cache)
        {
            Assert.True(third.Built);
            Assert.Contains("checksum", third.Reason);
            Assert.Equal(values, third.Cache.Clip(3).ToArray());
        }
    }

    [Fact]
    public void GetOrBuild_RebuildsOnKeyMismatch_ParametersOrCorpusChanged()
    {
        List<CorpusItem> items = Corpus();
        FeatureCache.GetOrBuild(CachePath, items, Small, _decoder).Cache.Dispose();

        FeatureExtractorSpec other = Small with { NMels = 20 };
        FeatureCacheResult changed = FeatureCache.GetOrBuild(CachePath, items, other, _decoder);
        using (changed.Cache)
        {
            Assert.True(changed.Built);
            Assert.Contains("key mismatch", changed.Reason);
            Assert.Equal(20, changed.Cache.Rows);
        }

        Assert.Throws<FeatureCacheException>(() => FeatureCache.Open(CachePath, CacheKey.Compute(Small, items)).Dispose());

        File.SetLastWriteTimeUtc(items[1].Path, DateTime.UtcNow.AddMinutes(-5));
        FeatureCacheResult touched = FeatureCache.GetOrBuild(CachePath, items, other, _decoder);
        touched.Cache.Dispose();
        Assert.True(touched.Built);

        FeatureCacheResult same = FeatureCache.GetOrBuild(CachePath, items, other, _decoder);
        same.Cache.Dispose();
        Assert.False(same.Built);
    }

    [Fact]
    public void Float16_StoresHalfTheBytes_WithinHalfPrecision()
    {
        List<CorpusItem> items = Corpus();
        string path16 = Path.Combine(_dir.Path, "cache", "f16.tfc");
        FeatureCache.Build(CachePath, items, Small, _decoder);
        FeatureCache.Build(path16, items, Small with { Storage = FeatureStorage.Float16 }, _decoder);
        using FeatureCache f32 = FeatureCache.Open(CachePath);
        using FeatureCache f16 = FeatureCache.Open(path16);
        Assert.Equal(FeatureStorage.Float16, f16.Storage);
        Assert.Throws<InvalidOperationException>(() => f16.Clip(0).Length);
        long data32 = (long)f32.ClipCount * f32.ValuesPerClip * 4;
        Assert.Equal(data32 / 2, new FileInfo(path16).Length - (new FileInfo(CachePath).Length - data32));

        var half = new float[f16.ValuesPerClip];
        double worst = 0;
        for (int c = 0; c < f32.ClipCount; c++)
        {
            f16.CopyClip(c, half);
            ReadOnlySpan<float> full = f32.Clip(c);
            for (int i = 0; i < half.Length; i++)
            {
                // Half has an 11-bit significand: relative error ≤ 2^-11 after rounding.
                double error = Math.Abs(half[i] - full[i]);
                Assert.True(error <= Math.Abs(full[i]) * Math.Pow(2, -11) + 1e-7, $"clip {c} value {i}: {full[i]} vs {half[i]}");
                worst = Math.Max(worst, error);
            }
        }

        Assert.True(worst > 0); // the values really went through float16
        Assert.True(worst <= 0.0625, $"log-mel dB error {worst}");
    }

    [Fact]
    public void Presets_HaveTheSeedShapes_AndFramesMatchTheStft()
    {
        Assert.Equal((96, 1366), (FeatureExtractorSpec.Seed001LogMel.Rows, FeatureExtractorSpec.Seed001LogMel.Cols));
        Assert.Equal((128, 128), (FeatureExtractorSpec.Seed002Slices.Rows, FeatureExtractorSpec.Seed002Slices.Cols));
        Assert.Equal((128, 130), (FeatureExtractorSpec.LogMel3s.Rows, FeatureExtractorSpec.LogMel3s.Cols));
        Assert.Equal((13, 130), (FeatureExtractorSpec.Seed004Mfcc.Rows, FeatureExtractorSpec.Seed004Mfcc.Cols));
        Assert.Equal((357, 1), (FeatureExtractorSpec.TrackSummary.Rows, FeatureExtractorSpec.TrackSummary.Cols));
        foreach (FeatureExtractorSpec spec in new[] { FeatureExtractorSpec.Seed001LogMel, FeatureExtractorSpec.Seed002Slices, FeatureExtractorSpec.LogMel3s, FeatureExtractorSpec.Seed004Mfcc })
        {
            Assert.Equal(spec.Cols, new MelSpectrogram(spec.MelOptions()).FrameCount(spec.ClipSamples));
        }
    }

    [Fact]
    public void Summary_OfWholeTracks_HasOneVectorPerTrack()
    {
        FeatureExtractorSpec spec = FeatureExtractorSpec.TrackSummary with { SampleRate = 16000, NFft = 512, HopLength = 256 };
        FeatureCache.Build(CachePath, Corpus(), spec, _decoder);
        using FeatureCache cache = FeatureCache.Open(CachePath);
        Assert.Equal(3, cache.ClipCount);
        Assert.Equal(357, cache.ValuesPerClip);
        Assert.All(Enumerable.Range(0, 3), c => Assert.All(cache.Clip(c).ToArray(), v => Assert.True(float.IsFinite(v))));
    }

    [Fact]
    public void BadSpecs_AreRejectedWithTheOptionName()
    {
        Assert.Contains("n_mfcc", Assert.Throws<InvalidOptionsException>(() => (Small with { Kind = FeatureKind.Mfcc, NMfcc = 40 }).Validate()).Message);
        Assert.Contains("hop", Assert.Throws<InvalidOptionsException>(() => (Small with { HopLength = 0 }).Validate()).Message);
        Assert.Contains("Nyquist", Assert.Throws<InvalidOptionsException>(() => (FeatureExtractorSpec.TrackSummary with { SampleRate = 8000 }).Validate()).Message);
        Assert.Contains("clip", Assert.Throws<InvalidOptionsException>(() => (Small with { ClipSeconds = null }).Validate()).Message);
    }

    [Fact]
    public void Open_RejectsAFileThatIsNotACache()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(CachePath)!);
        File.WriteAllBytes(CachePath.Replace("logmel", "x", StringComparison.Ordinal), new byte[100]);
        Assert.Contains("magic", Assert.Throws<FeatureCacheException>(() => FeatureCache.Open(CachePath.Replace("logmel", "x", StringComparison.Ordinal))).Reason);
    }
}
