using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Spectre.Console;
using Timbre.Audio;
using Timbre.Cli.Training;
using Timbre.Core.Errors;
using Timbre.Inference;

namespace Timbre.Cli.Commands;

/// <summary><c>timbre predict</c>: per-genre probabilities (mean of the clips' softmax) and the top genre of each file.</summary>
internal static class PredictCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "Model package folder (written by timbre train).", Required = true };
        var json = new Option<bool>("--json") { Description = "One JSON object per line: {\"file\":…, \"genres\":{…}, \"top\":…}." };
        var files = new Argument<string[]>("files") { Description = "Audio files.", Arity = ArgumentArity.OneOrMore };
        var command = new Command("predict", "Predict the genre of audio files with a trained model.");
        command.Options.Add(model);
        command.Options.Add(json);
        command.Arguments.Add(files);
        command.SetAction((parse, ct) => Task.FromResult(Run(parse.GetValue(model)!, parse.GetValue(files)!, parse.GetValue(json), ct)));
        return command;
    }

    private static int Run(string packagePath, string[] files, bool asJson, CancellationToken ct)
    {
        using var package = PackagedModel.Load(packagePath);
        if (package.Labels.Count == 0)
        {
            throw new InvalidOptionsException($"{packagePath}: the {package.Manifest.ModelKind} package has no genre classifier (it only embeds); use it with embed, scan, recommend or serve.");
        }

        var decoder = AudioDecoders.CreateDefault();
        var console = EpochProgressView.Console();
        int failures = 0;
        foreach (string file in files)
        {
            TrackPrediction prediction;
            try
            {
                var audio = decoder.Decode(file, package.Representation.Spec.SampleRate, ct);
                prediction = package.Predict(audio.Samples);
            }
            catch (TimbreException e)
            {
                Console.Error.WriteLine($"timbre: error: {file}: {e.Message}");
                failures++;
                continue;
            }

            int top = Array.IndexOf(prediction.Probabilities, prediction.Probabilities.Max());
            if (asJson)
            {
                Console.Out.WriteLine(Json(file, package.Labels, prediction.Probabilities, package.Labels[top]));
                continue;
            }

            console.MarkupLineInterpolated($"[bold]{file}[/]: [green]{package.Labels[top]}[/] ({prediction.Clips} clips, model {package.Id})");
            var table = new Table().AddColumn("genre").AddColumn(new TableColumn("probability").RightAligned());
            foreach (int i in Enumerable.Range(0, package.Labels.Count).OrderByDescending(i => prediction.Probabilities[i]))
            {
                table.AddRow(Markup.Escape(package.Labels[i]), prediction.Probabilities[i].ToString("0.000", CultureInfo.InvariantCulture));
            }

            console.Write(table);
        }

        return failures == 0 ? 0 : 1;
    }

    internal static string Json(string file, IReadOnlyList<string> labels, float[] probabilities, string top)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writer.WriteString("file", file);
            writer.WriteStartObject("genres");
            for (int i = 0; i < labels.Count; i++)
            {
                writer.WriteNumber(labels[i], Math.Round(probabilities[i], 6));
            }

            writer.WriteEndObject();
            writer.WriteString("top", top);
            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }
}
