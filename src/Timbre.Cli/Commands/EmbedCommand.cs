using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Timbre.Audio;
using Timbre.Cli.Training;
using Timbre.Core.Errors;
using Timbre.Inference;

namespace Timbre.Cli.Commands;

/// <summary><c>timbre embed</c>: each file's embedding (mean of its clips' embeddings) as TSV rows (path, floats) or JSON lines.</summary>
internal static class EmbedCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "Model package folder (written by timbre train).", Required = true };
        var format = new Option<string>("--format") { Description = "tsv (path then floats, tab-separated) or json (one object per line).", DefaultValueFactory = _ => "tsv" };
        var inputs = new Argument<string[]>("inputs") { Description = "Audio files or folders (searched recursively).", Arity = ArgumentArity.OneOrMore };
        var command = new Command("embed", "Write the embedding of each audio file for use in other tools.");
        command.Options.Add(model);
        command.Options.Add(format);
        command.Arguments.Add(inputs);
        command.SetAction((parse, ct) => Task.FromResult(Run(parse.GetValue(model)!, parse.GetValue(inputs)!, parse.GetValue(format)!, ct)));
        return command;
    }

    private static int Run(string packagePath, string[] inputs, string format, CancellationToken ct)
    {
        format = format.Trim().ToLowerInvariant();
        if (format is not ("tsv" or "json"))
        {
            throw new InvalidOptionsException($"--format must be tsv or json; got '{format}'.");
        }

        using var package = PackagedModel.Load(packagePath);
        var files = PackageInput.Expand(inputs);
        var decoder = AudioDecoders.CreateDefault();
        int failures = 0;
        foreach (string file in files)
        {
            float[] embedding;
            try
            {
                embedding = package.Predict(decoder.Decode(file, package.Representation.Spec.SampleRate, ct).Samples).Embedding;
            }
            catch (TimbreException e)
            {
                Console.Error.WriteLine($"timbre: error: {file}: {e.Message}");
                failures++;
                continue;
            }

            Console.Out.WriteLine(format == "tsv" ? Tsv(file, embedding) : JsonLine(file, embedding));
        }

        return failures == 0 ? 0 : 1;
    }

    private static string Tsv(string file, float[] embedding)
    {
        var sb = new StringBuilder(file);
        foreach (float v in embedding)
        {
            sb.Append('\t').Append(v.ToString("R", CultureInfo.InvariantCulture));
        }

        return sb.ToString();
    }

    private static string JsonLine(string file, float[] embedding) =>
        JsonSerializer.Serialize(new Dictionary<string, object> { ["file"] = file, ["embedding"] = embedding });
}
