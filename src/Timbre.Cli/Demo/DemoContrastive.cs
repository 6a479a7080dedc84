using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Spectre.Console;
using Timbre.Analyzers;
using Timbre.Cli.Training;
using Timbre.Inference.Features;
using Timbre.Training.Contrastive;

namespace Timbre.Cli.Demo;

/// <summary>
/// Step "learn" of <c>timbre demo --library DIR</c>: trains the self-supervised contrastive encoder on the user's own
/// music (no labels) within a time budget into OUT/contrastive, or reuses it when its manifest's key (budget, seed and
/// the library's files, sizes and times) matches. The scan then fuses it with the summary features in the library's
/// embedding space.
/// </summary>
internal static class DemoContrastive
{
    private const string KeyPrefix = "timbre-demo-contrastive:v1";

    /// <summary>
    /// Whether the demo trains the encoder: on a real library (--library, not a genre corpus) scanned by the summary
    /// analyzer, when asked (--learn-minutes &gt; 0) or by default when the library has at least
    /// <see cref="DemoOptions.MinLearnTracks"/> files; the reason when not.
    /// </summary>
    public static (bool Train, string? Why) Applies(DemoOptions options, string library, string model, int files)
    {
        if (options.Library is null || DemoGenres.FoldersAreGenres(options, library))
        {
            return (false, null);
        }

        if (options.Model is not null || model != SummaryFeatureAnalyzer.Id)
        {
            return (false, "the contrastive encoder is not trained: the library is scanned by a genre model (genre tags or --model)");
        }

        return options.LearnMinutes switch
        {
            0 => (false, "the contrastive encoder is not trained (--learn-minutes 0): the summary features alone"),
            null when files < options.MinLearnTracks => (false, string.Create(
                CultureInfo.InvariantCulture,
                $"the contrastive encoder is not trained: {files} files, it needs {options.MinLearnTracks} (or ask with --learn-minutes)")),
            _ => (true, null),
        };
    }

    /// <summary>Trains (or reuses) OUT/contrastive on <paramref name="files"/> and returns its folder.</summary>
    public static string Prepare(IAnsiConsole console, DemoOptions options, string library, IReadOnlyList<string> files)
    {
        double minutes = options.LearnMinutes ?? DemoOptions.DefaultLearnMinutes;
        string key = Key(minutes, options.Seed, library, files);
        string directory = options.ContrastiveDirectory;
        if (DemoModel.ReusableKey(directory) == key)
        {
            console.MarkupLine($"contrastive encoder [green]reused[/]: {Markup.Escape(directory)} (trained on this library, {minutes.ToString("0.##", CultureInfo.InvariantCulture)} min budget)");
            return directory;
        }

        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }

        console.MarkupLine(string.Create(
            CultureInfo.InvariantCulture,
            $"learning from your music, no labels: a contrastive encoder on {files.Count} files within {minutes:0.##} min (decoding included; --learn-minutes)"));
        var job = new ContrastiveJob(
            library,
            files,
            directory,
            Representation.For(ContrastiveTrainer.Kind, ContrastiveRun.CropSeconds, ContrastiveRun.DefaultPool),
            new ContrastiveOptions { Seed = (int)(options.Seed % int.MaxValue) }.Validate(),
            TimeSpan.FromMinutes(minutes),
            options.MaxLearnTrackSeconds)
        {
            CacheDirectory = Path.Combine(options.Root, "cache"),
            Corpus = key,
        };
        ContrastiveRun.Train(console, job);
        return directory;
    }

    /// <summary>The reuse key: budget, seed and every file's relative path, size and modification time.</summary>
    internal static string Key(double minutes, ulong seed, string library, IReadOnlyList<string> files)
    {
        var text = new StringBuilder();
        foreach (string file in files)
        {
            var info = new FileInfo(file);
            text.Append(Path.GetRelativePath(library, file)).Append('\t').Append(info.Length.ToString(CultureInfo.InvariantCulture))
                .Append('\t').Append(info.LastWriteTimeUtc.Ticks.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }

        string hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..16];
        return string.Create(CultureInfo.InvariantCulture, $"{KeyPrefix}:minutes{minutes:R}:seed{seed}:files{files.Count}:{hash}");
    }
}
