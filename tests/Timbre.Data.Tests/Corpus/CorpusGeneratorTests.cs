using Timbre.Audio.Wav;
using Timbre.Core.Errors;
using Timbre.Data.Corpus;
using Timbre.Data.Corpus.Rendering;
using Timbre.Data.Loaders;

namespace Timbre.Data.Tests.Corpus;

public class CorpusGeneratorTests
{
    private static CorpusGeneratorOptions Options(string dir) => new()
    {
        OutputDirectory = dir,
        Genres = ["metal", "classical"],
        PerGenre = 1,
        Seconds = 3,
        Seed = 5,
        Parallelism = 2,
    };

    [Trait("Category", "Slow")]
    [Fact]
    public void Same_seed_renders_byte_identical_mono_wavs_of_exact_length_and_resumes()
    {
        using var a = new TempDir();
        using var b = new TempDir();
        var renderer = new FluidSynthRenderer();
        CorpusGenerationResult first = new CorpusGenerator(renderer, Options(a.Path)).Generate();
        new CorpusGenerator(renderer, Options(b.Path)).Generate();

        Assert.Equal(2, first.Rendered);
        foreach (ManifestEntry entry in first.Entries)
        {
            byte[] x = File.ReadAllBytes(Path.Combine(a.Path, entry.Path));
            byte[] y = File.ReadAllBytes(Path.Combine(b.Path, entry.Path));
            Assert.Equal(x, y);
            WavContent wav;
            using (var file = File.OpenRead(Path.Combine(a.Path, entry.Path)))
            {
                wav = WavReader.Read(file, entry.Path);
            }

            Assert.Equal(1, wav.Header.Channels);
            Assert.Equal(22050, wav.Header.SampleRate);
            Assert.Equal(3 * 22050, wav.Interleaved.Length);
            float peak = wav.Interleaved.Max(Math.Abs);
            Assert.InRange(peak, 0.88f, 0.90f); // peak-normalised to -1 dBFS
        }

        Assert.Equal(File.ReadAllBytes(Path.Combine(a.Path, "manifest.csv")), File.ReadAllBytes(Path.Combine(b.Path, "manifest.csv")));
        Assert.True(File.Exists(Path.Combine(a.Path, "metal", "metal.00000.wav")));

        CorpusGenerationResult again = new CorpusGenerator(renderer, Options(a.Path)).Generate();
        Assert.Equal(0, again.Rendered);
        Assert.Equal(2, again.Skipped);

        ILabelledCorpus corpus = ManifestLoader.Load(Path.Combine(a.Path, "manifest.csv"));
        Assert.Equal(["classical", "metal"], corpus.Labels);
        Assert.Equal(2, corpus.Items.Count);
    }

    [Fact]
    public void Missing_soundfont_says_what_to_install()
    {
        var e = Assert.Throws<TimbreException>(() => new FluidSynthRenderer(new FluidSynthOptions { SoundFont = "/nonexistent/x.sf2" }));
        Assert.Contains("fluid-soundfont-gm", e.Message);
    }

    [Fact]
    public void Missing_fluidsynth_says_what_to_install()
    {
        using var dir = new TempDir();
        var renderer = new FluidSynthRenderer(new FluidSynthOptions { Executable = "/nonexistent/fluidsynth" });
        var e = Assert.Throws<TimbreException>(() => renderer.Render(Path.Combine(dir.Path, "a.mid"), Path.Combine(dir.Path, "a.wav"), 22050));
        Assert.Contains("apt-get install fluidsynth", e.Message);
    }

    [Fact]
    public void Bad_options_are_rejected()
    {
        Assert.Throws<InvalidOptionsException>(() => new CorpusGenerator(new FluidSynthRenderer(), Options("/tmp/x") with { Genres = ["polka"] }));
        Assert.Throws<InvalidOptionsException>(() => new CorpusGenerator(new FluidSynthRenderer(), Options("/tmp/x") with { Seconds = 0 }));
        Assert.Throws<InvalidOptionsException>(() => new CorpusGenerator(new FluidSynthRenderer(), Options("/tmp/x") with { SampleRate = 100 }));
    }

    [Fact]
    public void Post_processing_downmixes_fits_and_normalises()
    {
        float[] mono = ClipPostProcessor.DownMix(new float[] { 1f, 0f, 0.5f, 0.5f, -1f, -0.5f }, 2);
        Assert.Equal(new[] { 0.5f, 0.5f, -0.75f }, mono);
        float[] fitted = ClipPostProcessor.FitLength(mono, 5);
        Assert.Equal(new[] { 0.5f, 0.5f, -0.75f, 0f, 0f }, fitted);
        Assert.Equal(2, ClipPostProcessor.FitLength(mono, 2).Length);
        ClipPostProcessor.PeakNormalise(fitted, 0.9f);
        Assert.Equal(0.9f, fitted.Max(Math.Abs), 5);
        var silence = new float[4];
        ClipPostProcessor.PeakNormalise(silence, 0.9f);
        Assert.All(silence, s => Assert.Equal(0f, s));
    }
}
