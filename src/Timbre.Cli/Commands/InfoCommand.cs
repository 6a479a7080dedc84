using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Timbre.Audio;
using Timbre.Core.Audio;
using Timbre.Core.Errors;

namespace Timbre.Cli.Commands;

/// <summary><c>timbre info FILE… [--json]</c>: format, duration, sample rate, channels and tags of each file.</summary>
internal static class InfoCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var files = new Argument<string[]>("files")
        {
            Description = "Audio files to describe (WAV, MP3, FLAC, OGG, Opus, M4A, …).",
            Arity = ArgumentArity.OneOrMore,
        };
        var json = new Option<bool>("--json") { Description = "Print a JSON array (one object per described file) instead of a table." };
        var command = new Command("info", "Print format, duration, sample rate, channels and tags of audio files.");
        command.Arguments.Add(files);
        command.Options.Add(json);
        command.SetAction(parseResult => Run(parseResult.GetValue(files) ?? [], AudioDecoders.CreateDefault(), parseResult.GetValue(json)));
        return command;
    }

    /// <summary>Probes every file; one file's error does not stop the rest. Returns 1 if any failed.</summary>
    internal static int Run(IReadOnlyList<string> files, IAudioDecoder decoder, bool json = false)
    {
        // A console over the current Console.Out, so redirected output (tests, pipes) is captured.
        IAnsiConsole console = CliConsole.Create();
        var table = new Table().AddColumns("File", "Format", "Duration", "Sample rate", "Channels", "Tags");
        var described = new List<FileJson>();
        int failed = 0;
        foreach (string file in files)
        {
            try
            {
                AudioInfo info = decoder.Probe(file);
                described.Add(new FileJson(file, info.Format, info.DurationSeconds > 0 ? info.DurationSeconds : null, info.SampleRate, info.Channels,
                    new SortedDictionary<string, string>(info.Tags.ToDictionary(t => t.Key, t => t.Value), StringComparer.Ordinal)));
                string tags = string.Join("\n", info.Tags.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => $"{t.Key}={t.Value}"));
                table.AddRow(
                    Markup.Escape(file),
                    Markup.Escape(info.Format),
                    FormatDuration(info.DurationSeconds),
                    info.SampleRate.ToString(CultureInfo.InvariantCulture) + " Hz",
                    info.Channels.ToString(CultureInfo.InvariantCulture),
                    Markup.Escape(tags));
            }
            catch (TimbreException e)
            {
                failed++;
                CliApp.Fail(e.Message);
            }
        }

        if (json)
        {
            CliJson.Write(described);
        }
        else if (table.Rows.Count > 0)
        {
            console.Write(table);
        }

        return failed == 0 ? 0 : 1;
    }

    private static string FormatDuration(double seconds) =>
        seconds <= 0 ? "unknown"
        : TimeSpan.FromSeconds(seconds).ToString(seconds >= 3600 ? @"h\:mm\:ss\.fff" : @"m\:ss\.fff", CultureInfo.InvariantCulture);

    /// <summary>One file as printed by <c>--json</c>; the duration is null when unknown.</summary>
    private sealed record FileJson(string File, string Format, double? DurationSeconds, int SampleRate, int Channels, IReadOnlyDictionary<string, string> Tags);
}
