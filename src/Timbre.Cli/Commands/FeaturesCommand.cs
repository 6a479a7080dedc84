using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Spectre.Console;
using Timbre.Audio;
using Timbre.Cli.Demo;
using Timbre.Core.Audio;
using Timbre.Core.Errors;
using Timbre.Dsp;
using Timbre.Reporting;

namespace Timbre.Cli.Commands;

/// <summary>
/// <c>timbre features FILE [--kind …] [--json] [--png OUT.png]</c>: decodes a file and prints one feature's summary,
/// or with <c>--json</c> exactly one JSON object <c>{"kind","sampleRate","hopLength","shape":[rows,cols],"data":[[…]]}</c>
/// (rows = bands/coefficients, cols = frames; non-finite values as null; "stats"/"stats2" add "names").
/// </summary>
internal static class FeaturesCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "Audio file (WAV, MP3, FLAC, OGG, Opus, M4A, …)." };
        var kind = new Option<string>("--kind") { Description = $"Feature: {string.Join("|", FeatureComputation.Kinds)}.", DefaultValueFactory = _ => "logmel" };
        var json = new Option<bool>("--json") { Description = "Print one JSON object with the matrix to stdout." };
        var png = new Option<string?>("--png") { Description = "Write the matrix as a spectrogram image (PNG) with axes." };
        var sampleRate = new Option<int>("--sample-rate") { Description = "Decode at this rate (Hz).", DefaultValueFactory = _ => 22050 };
        var nFft = new Option<int>("--n-fft") { Description = "FFT size.", DefaultValueFactory = _ => 2048 };
        var hop = new Option<int>("--hop") { Description = "Hop length in samples.", DefaultValueFactory = _ => 512 };
        var nMels = new Option<int>("--n-mels") { Description = "Mel bands (logmel, mel, mfcc).", DefaultValueFactory = _ => 128 };
        var nMfcc = new Option<int>("--n-mfcc") { Description = "MFCC coefficients.", DefaultValueFactory = _ => 20 };
        var htk = new Option<bool>("--htk") { Description = "HTK mel scale instead of Slaney's." };
        var command = new Command("features", "Compute a feature of an audio file: summary table, JSON matrix or spectrogram PNG.");
        command.Arguments.Add(file);
        foreach (Option option in new Option[] { kind, json, png, sampleRate, nFft, hop, nMels, nMfcc, htk })
        {
            command.Options.Add(option);
        }

        command.SetAction(parse => Run(
            parse.GetValue(file)!,
            parse.GetValue(kind)!,
            parse.GetValue(json),
            parse.GetValue(png),
            new FeatureSettings(parse.GetValue(sampleRate), parse.GetValue(nFft), parse.GetValue(hop), parse.GetValue(nMels), parse.GetValue(nMfcc), parse.GetValue(htk)),
            AudioDecoders.CreateDefault()));
        return command;
    }

    /// <summary>Runs the command; errors are thrown as <see cref="TimbreException"/>s.</summary>
    internal static int Run(string file, string kind, bool json, string? png, FeatureSettings settings, IAudioDecoder decoder)
    {
        kind = kind.Trim().ToLowerInvariant();
        FeatureComputation.Validate(kind, settings);
        if (png is not null && kind is "stats" or "stats2")
        {
            throw new InvalidOptionsException($"--png needs a frame-wise kind; '{kind}' is one vector per track.");
        }

        AudioBuffer audio = decoder.Decode(file, settings.SampleRate);
        ComputedFeature feature = FeatureComputation.Compute(kind, audio.Samples, settings);
        if (png is not null)
        {
            WritePng(png, feature, settings, Path.GetFileName(file));
        }

        if (json)
        {
            Console.Out.Write(ToJson(feature, settings));
            Console.Out.WriteLine();
        }
        else
        {
            IAnsiConsole console = CliConsole.Create();
            PrintSummary(console, file, audio, feature, settings);
            if (png is not null)
            {
                console.MarkupLine($"spectrogram image: [green]{Markup.Escape(Path.GetFullPath(png))}[/]");
            }
        }

        return 0;
    }

    /// <summary>The JSON object for <paramref name="feature"/>.</summary>
    internal static string ToJson(ComputedFeature feature, FeatureSettings settings)
    {
        FeatureMatrix m = feature.Matrix;
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            w.WriteString("kind", feature.Kind);
            w.WriteNumber("sampleRate", settings.SampleRate);
            w.WriteNumber("hopLength", settings.HopLength);
            w.WriteStartArray("shape");
            w.WriteNumberValue(m.Rows);
            w.WriteNumberValue(m.Cols);
            w.WriteEndArray();
            if (feature.Kind is "stats" or "stats2" && feature.RowNames is not null)
            {
                w.WriteNumber("featuresVersion", feature.Kind == "stats2" ? Dsp.Summary.FeaturesVersion.V2 : Dsp.Summary.FeaturesVersion.V1);
                w.WriteStartArray("names");
                foreach (string name in feature.RowNames)
                {
                    w.WriteStringValue(name);
                }

                w.WriteEndArray();
            }

            w.WriteStartArray("data");
            for (int r = 0; r < m.Rows; r++)
            {
                w.WriteStartArray();
                foreach (float v in m.Row(r))
                {
                    if (float.IsFinite(v))
                    {
                        w.WriteNumberValue(v);
                    }
                    else
                    {
                        w.WriteNullValue();
                    }
                }

                w.WriteEndArray();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Writes the spectrogram image; power/magnitude kinds are shown in dB.</summary>
    internal static void WritePng(string path, ComputedFeature feature, FeatureSettings settings, string title)
    {
        FeatureMatrix m = feature.Matrix;
        float[] values = m.Data;
        string unit = feature.Unit;
        if (feature.Kind is "mel" or "stft" or "cqt")
        {
            values = (float[])values.Clone();
            if (feature.Kind is "stft" or "cqt")
            {
                for (int i = 0; i < values.Length; i++)
                {
                    values[i] *= values[i];
                }
            }

            Decibels.PowerToDbInPlace(values);
            unit = "dB";
        }

        try
        {
            SpectrogramPlot.Write(path, values, m.Rows, m.Cols,
                new SpectrogramPlotOptions(settings.SampleRate, settings.HopLength, $"{feature.Kind} — {title}", feature.RowAxis, unit));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new TimbreException($"Cannot write '{path}': {e.Message}");
        }
    }

    private static void PrintSummary(IAnsiConsole console, string file, AudioBuffer audio, ComputedFeature feature, FeatureSettings settings)
    {
        FeatureMatrix m = feature.Matrix;
        var c = CultureInfo.InvariantCulture;
        var info = new Table().HideHeaders().AddColumns("", "");
        info.AddRow("File", Markup.Escape(file));
        info.AddRow("Duration", string.Create(c, $"{audio.DurationSeconds:0.000} s at {audio.SampleRate} Hz"));
        info.AddRow("Kind", $"{feature.Kind} ({Markup.Escape(feature.Unit)})");
        info.AddRow("Shape", string.Create(c, $"{m.Rows} × {m.Cols}") + (feature.Framewise ? string.Create(c, $" (rows × frames, hop {settings.HopLength} = {1000.0 * settings.HopLength / settings.SampleRate:0.0} ms)") : ""));
        (double min, double max, double mean) = Stats(m.Data);
        info.AddRow("All values", string.Create(c, $"min {min:G5}, max {max:G5}, mean {mean:G5}"));
        console.Write(info);

        var rows = new Table().Title($"Per {Markup.Escape(feature.RowAxis.ToLowerInvariant())}").AddColumns("Row", "Min", "Mean", "Max");
        foreach (int r in SampleRows(m.Rows, feature.Kind is "stats" or "stats2" ? 16 : 12))
        {
            ReadOnlySpan<float> row = m.Row(r);
            (double rmin, double rmax, double rmean) = Stats(row);
            string name = feature.RowNames is { } names && r < names.Count ? $"{r} {names[r]}" : r.ToString(c);
            rows.AddRow(Markup.Escape(name), rmin.ToString("G5", c), rmean.ToString("G5", c), rmax.ToString("G5", c));
        }

        if (m.Rows > (feature.Kind is "stats" or "stats2" ? 16 : 12))
        {
            rows.Caption($"{m.Rows} rows, an even sample shown");
        }

        console.Write(rows);
    }

    private static IEnumerable<int> SampleRows(int rows, int most) =>
        rows <= most ? Enumerable.Range(0, rows) : Enumerable.Range(0, most).Select(i => (int)Math.Round(i * (rows - 1) / (double)(most - 1))).Distinct();

    private static (double Min, double Max, double Mean) Stats(ReadOnlySpan<float> values)
    {
        double min = double.PositiveInfinity, max = double.NegativeInfinity, sum = 0;
        int n = 0;
        foreach (float v in values)
        {
            if (!float.IsFinite(v))
            {
                continue;
            }

            min = Math.Min(min, v);
            max = Math.Max(max, v);
            sum += v;
            n++;
        }

        return n == 0 ? (double.NaN, double.NaN, double.NaN) : (min, max, sum / n);
    }
}
