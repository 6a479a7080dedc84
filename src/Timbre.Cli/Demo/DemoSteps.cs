using System.Globalization;
using Spectre.Console;
using Timbre.Audio.Wav;
using Timbre.Core.Audio;
using Timbre.Core.Errors;
using Timbre.Data.Corpus;
using Timbre.Data.Corpus.Rendering;
using Timbre.Dsp;
using Timbre.Dsp.Summary;

namespace Timbre.Cli.Demo;

/// <summary>Settings of the demo.</summary>
/// <param name="OutputDirectory">Where clips and images go (re-runs reuse what is there).</param>
/// <param name="Genres">Genres to render one clip of each.</param>
/// <param name="Seconds">Clip length.</param>
/// <param name="Seed">Corpus seed.</param>
internal sealed record DemoOptions(string OutputDirectory, IReadOnlyList<string> Genres, double Seconds = 10, ulong Seed = 7);

/// <summary>One analysed demo clip.</summary>
internal sealed record DemoClip(string Name, string Path, AudioBuffer Audio, string PngPath, FeatureMatrix LogMel, float[] Summary);

/// <summary>
/// The steps of <c>timbre demo</c>, each a method the command runs in order: make clips (FluidSynth corpus generator,
/// or a synthesised WAV when FluidSynth is missing), analyse them, print a table, write spectrograms. Later steps
/// (training, scanning, serving) are added here.
/// </summary>
internal sealed class DemoSteps(IAnsiConsole console, IAudioDecoder decoder, DemoOptions options)
{
    private static readonly string[] PitchClasses = ["C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B"];
    private readonly FeatureSettings _settings = new();

    /// <summary>Step 1: the demo clips (name, path). Rendered once; a re-run reuses them.</summary>
    public IReadOnlyList<(string Name, string Path)> MakeClips()
    {
        string root = Path.GetFullPath(options.OutputDirectory);
        Directory.CreateDirectory(root);
        string corpus = Path.Combine(root, "corpus");
        try
        {
            var renderer = new FluidSynthRenderer();
            var generator = new CorpusGenerator(renderer, new CorpusGeneratorOptions
            {
                OutputDirectory = corpus, Genres = options.Genres, PerGenre = 1, Seconds = options.Seconds, Seed = options.Seed,
                SampleRate = _settings.SampleRate,
            });
            CorpusGenerationResult result = console.Status().Start("rendering demo clips with FluidSynth…", _ => generator.Generate());
            console.MarkupLine($"[grey]step 1[/] clips: {result.Rendered} rendered, {result.Skipped} reused in [bold]{Markup.Escape(corpus)}[/]");
            return result.Entries.Select(e => (e.Genre, Path.Combine(corpus, e.Path))).ToList();
        }
        catch (TimbreException e)
        {
            console.MarkupLine($"[yellow]FluidSynth unavailable ({Markup.Escape(e.Message)}); using a synthesised clip.[/]");
            string path = Path.Combine(root, "synth", "demo.wav");
            if (!File.Exists(path))
            {
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                WavWriter.WriteFile(path, Synthesise(options.Seconds, _settings.SampleRate));
            }

            console.MarkupLine($"[grey]step 1[/] clip: [bold]{Markup.Escape(path)}[/]");
            return [("synth", path)];
        }
    }

    /// <summary>Step 2: decode each clip, compute log-mel and the summary vector, write the spectrogram PNG.</summary>
    public IReadOnlyList<DemoClip> Analyse(IReadOnlyList<(string Name, string Path)> clips)
    {
        var mel = new MelSpectrogram(_settings.Mel);
        var summary = new TrackSummary(new TrackSummaryOptions { SampleRate = _settings.SampleRate, Stft = _settings.Stft });
        var result = new List<DemoClip>();
        foreach ((string name, string path) in clips)
        {
            AudioBuffer audio = decoder.Decode(path, _settings.SampleRate);
            FeatureMatrix logMel = mel.ComputeDb(audio.Samples);
            string png = Path.Combine(Path.GetFullPath(options.OutputDirectory), $"{name}.logmel.png");
            Commands.FeaturesCommand.WritePng(png, new ComputedFeature("logmel", logMel, "Mel band", "dB", null, true), _settings, Path.GetFileName(path));
            result.Add(new DemoClip(name, path, audio, png, logMel, summary.Compute(audio.Samples)));
        }

        console.MarkupLine($"[grey]step 2[/] analysed {result.Count} clip(s): log-mel, MFCC, spectral statistics, chroma");
        return result;
    }

    /// <summary>Step 3: one compact table of the clips' features, and where the images are.</summary>
    public void Print(IReadOnlyList<DemoClip> clips)
    {
        var c = CultureInfo.InvariantCulture;
        var table = new Table().Title("Demo clips — features (librosa defaults: 22 050 Hz, n_fft 2048, hop 512, 128 mels)").AddColumn("Feature");
        foreach (DemoClip clip in clips)
        {
            table.AddColumn(new TableColumn(Markup.Escape(clip.Name)).RightAligned());
        }

        void Row(string label, Func<DemoClip, string> value) => table.AddRow([Markup.Escape(label), .. clips.Select(x => Markup.Escape(value(x)))]);
        Row("duration", x => x.Audio.DurationSeconds.ToString("0.00 s", c));
        Row("log-mel shape", x => string.Create(c, $"{x.LogMel.Rows} × {x.LogMel.Cols}"));
        Row("MFCC 0–4 means", x => string.Join(" ", Enumerable.Range(0, 5).Select(k => Stat(x, $"mfcc[{k}].mean").ToString("0", c))));
        Row("centroid mean ± std", x => string.Create(c, $"{Stat(x, "centroid.mean"):0} ± {Stat(x, "centroid.std"):0} Hz"));
        Row("rolloff (85 %) mean", x => string.Create(c, $"{Stat(x, "rolloff.mean"):0} Hz"));
        Row("zero-crossing rate", x => string.Create(c, $"{Stat(x, "zcr.mean"):0.0000}"));
        Row("RMS mean / max", x => string.Create(c, $"{Stat(x, "rms.mean"):0.000} / {Stat(x, "rms.max"):0.000}"));
        Row("top chroma", x => PitchClasses[Enumerable.Range(0, 12).MaxBy(k => Stat(x, $"chroma[{k}].mean"))]);
        console.Write(table);
        foreach (DemoClip clip in clips)
        {
            console.MarkupLine($"[grey]step 3[/] spectrogram: [green]{Markup.Escape(clip.PngPath)}[/]");
        }
    }

    private static float Stat(DemoClip clip, string name) =>
        clip.Summary[SummaryLayout.Dimensions.First(d => d.Name == name).Index];

    /// <summary>A small deterministic piece without FluidSynth: a I–V–vi–IV chord loop with a bass and a noise hi-hat.</summary>
    internal static AudioBuffer Synthesise(double seconds, int sampleRate)
    {
        int n = (int)(seconds * sampleRate);
        var samples = new float[n];
        int[][] chords = [[60, 64, 67], [67, 71, 74], [69, 72, 76], [65, 69, 72]];
        double beat = 0.5;
        var random = new Random(1);
        for (int i = 0; i < n; i++)
        {
            double t = (double)i / sampleRate;
            int bar = (int)(t / (4 * beat)) % chords.Length;
            double inBeat = t % beat;
            double v = 0;
            foreach (int note in chords[bar])
            {
                v += 0.12 * Math.Sin(2 * Math.PI * 440 * Math.Pow(2, (note - 69) / 12.0) * t) * Math.Exp(-1.5 * (t % (4 * beat)));
            }

            v += 0.25 * Math.Sin(2 * Math.PI * 440 * Math.Pow(2, (chords[bar][0] - 24 - 69) / 12.0) * t) * Math.Exp(-4 * inBeat);
            if ((t % (beat / 2)) < 0.03)
            {
                v += 0.15 * (random.NextDouble() * 2 - 1);
            }

            samples[i] = (float)Math.Clamp(v, -1, 1);
        }

        return new AudioBuffer(samples, sampleRate);
    }
}
