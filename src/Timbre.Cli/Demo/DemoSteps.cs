using System.Globalization;
using Spectre.Console;
using Timbre.Core.Audio;
using Timbre.Dsp;
using Timbre.Dsp.Summary;

namespace Timbre.Cli.Demo;

/// <summary>One analysed demo clip.</summary>
internal sealed record DemoClip(string Name, string Path, AudioBuffer Audio, string PngPath, FeatureMatrix LogMel, float[] Summary);

/// <summary>
/// Step "features" of <c>timbre demo</c>: analyse a few library clips (log-mel and the summary vector), print one
/// compact table and write their spectrograms.
/// </summary>
internal sealed class DemoSteps(IAnsiConsole console, IAudioDecoder decoder, string outputDirectory)
{
    private static readonly string[] PitchClasses = ["C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B"];
    private readonly FeatureSettings _settings = new();

    /// <summary>Decodes each clip, computes log-mel and the summary vector, writes the spectrogram PNG.</summary>
    public IReadOnlyList<DemoClip> Analyse(IReadOnlyList<(string Name, string Path)> clips)
    {
        var mel = new MelSpectrogram(_settings.Mel);
        var summary = new TrackSummary(new TrackSummaryOptions { SampleRate = _settings.SampleRate, Stft = _settings.Stft });
        var result = new List<DemoClip>();
        foreach ((string name, string path) in clips)
        {
            AudioBuffer audio = decoder.Decode(path, _settings.SampleRate);
            FeatureMatrix logMel = mel.ComputeDb(audio.Samples);
            string png = Path.Combine(Path.GetFullPath(outputDirectory), $"{name}.logmel.png");
            Commands.FeaturesCommand.WritePng(png, new ComputedFeature("logmel", logMel, "Mel band", "dB", null, true), _settings, Path.GetFileName(path));
            result.Add(new DemoClip(name, path, audio, png, logMel, summary.Compute(audio.Samples)));
        }

        console.MarkupLine($"analysed {result.Count} clip(s): log-mel, MFCC, spectral statistics, chroma");
        return result;
    }

    /// <summary>One compact table of the clips' features, and where the images are.</summary>
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
            console.MarkupLine($"spectrogram: [green]{Markup.Escape(clip.PngPath)}[/]");
        }
    }

    private static float Stat(DemoClip clip, string name) =>
        clip.Summary[SummaryLayout.Dimensions.First(d => d.Name == name).Index];
}
