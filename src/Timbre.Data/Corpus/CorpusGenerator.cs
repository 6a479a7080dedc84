using System.Collections.Concurrent;
using System.Globalization;
using Timbre.Data.Corpus.Composition;
using Timbre.Data.Corpus.Rendering;
using Timbre.Data.Corpus.Styles;

namespace Timbre.Data.Corpus;

/// <summary>Progress of a corpus generation.</summary>
/// <param name="Done">Clips finished (rendered or skipped).</param>
/// <param name="Total">Clips in the corpus.</param>
/// <param name="LastPath">The clip just finished, relative to the corpus root.</param>
/// <param name="Skipped">True when that clip already existed with the same manifest entry.</param>
public readonly record struct CorpusProgress(int Done, int Total, string LastPath, bool Skipped);

/// <summary>What a generation did.</summary>
/// <param name="Entries">The manifest rows, in genre then index order.</param>
/// <param name="Rendered">Clips rendered in this run.</param>
/// <param name="Skipped">Clips kept from an earlier run.</param>
/// <param name="Elapsed">Wall-clock time.</param>
public sealed record CorpusGenerationResult(IReadOnlyList<ManifestEntry> Entries, int Rendered, int Skipped, TimeSpan Elapsed);

/// <summary>
/// Composes and renders a labelled corpus in the GTZAN layout: DIR/&lt;genre&gt;/&lt;genre&gt;.00012.wav (16-bit mono PCM,
/// exactly <see cref="CorpusGeneratorOptions.Seconds"/> long, peak-normalised) plus DIR/manifest.csv. Files are written
/// atomically; a clip whose file exists and whose manifest row is unchanged is skipped, so runs can be resumed.
/// </summary>
public sealed class CorpusGenerator
{
    private readonly IMidiRenderer _renderer;
    private readonly CorpusGeneratorOptions _options;

    /// <summary>Creates a generator; validates <paramref name="options"/>.</summary>
    public CorpusGenerator(IMidiRenderer renderer, CorpusGeneratorOptions options)
    {
        ArgumentNullException.ThrowIfNull(renderer);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _renderer = renderer;
        _options = options;
    }

    /// <summary>The seed of clip <paramref name="index"/> of <paramref name="genre"/> in a corpus with seed <paramref name="corpusSeed"/>.</summary>
    public static ulong ClipSeed(ulong corpusSeed, string genre, int index) =>
        Pcg32.Mix(corpusSeed, Pcg32.Hash(genre), (ulong)index);

    /// <summary>The path of clip <paramref name="index"/> relative to the corpus root (GTZAN naming).</summary>
    public static string ClipPath(string genre, int index) =>
        $"{genre}/{genre}.{index.ToString("D5", CultureInfo.InvariantCulture)}.wav";

    /// <summary>Generates the corpus.</summary>
    public CorpusGenerationResult Generate(IProgress<CorpusProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        string root = Path.GetFullPath(_options.OutputDirectory);
        string scratch = Path.Combine(root, ".render-tmp");
        Directory.CreateDirectory(scratch);
        string manifestPath = Path.Combine(root, CorpusManifest.FileName);
        Dictionary<string, ManifestEntry> previous = CorpusManifest.Read(manifestPath).ToDictionary(e => e.Path, StringComparer.Ordinal);

        var jobs = new List<(string Genre, int Index)>();
        foreach (string genre in _options.Genres.Select(g => GenreStyles.Get(g).Name))
        {
            Directory.CreateDirectory(Path.Combine(root, genre));
            for (int i = 0; i < _options.PerGenre; i++)
            {
                jobs.Add((genre, i));
            }
        }

        var entries = new ConcurrentDictionary<int, ManifestEntry>();
        int done = 0, rendered = 0, skipped = 0;
        try
        {
            Parallel.ForEach(
                Enumerable.Range(0, jobs.Count),
                new ParallelOptions { MaxDegreeOfParallelism = _options.Parallelism, CancellationToken = cancellationToken },
                j =>
                {
                    (string genre, int index) = jobs[j];
                    string relative = ClipPath(genre, index);
                    ComposedPiece piece = Composer.Compose(GenreStyles.Get(genre), ClipSeed(_options.Seed, genre, index), _options.Seconds);
                    var entry = new ManifestEntry(relative, genre, piece.Seed, piece.Tempo, piece.Key, piece.BeatsPerBar, piece.Instruments, piece.Patterns, _options.Seconds, _options.SampleRate);
                    string target = Path.Combine(root, relative);
                    bool skip = File.Exists(target) && previous.TryGetValue(relative, out ManifestEntry? old) && old == entry;
                    if (!skip)
                    {
                        RenderClip(piece, target, scratch, cancellationToken);
                        Interlocked.Increment(ref rendered);
                    }
                    else
                    {
                        Interlocked.Increment(ref skipped);
                    }

                    entries[j] = entry;
                    progress?.Report(new CorpusProgress(Interlocked.Increment(ref done), jobs.Count, relative, skip));
                });
        }
        finally
        {
            // Keep rows of earlier runs for clips not regenerated (e.g. other genres), then this run's rows.
            var merged = new SortedDictionary<string, ManifestEntry>(previous, StringComparer.Ordinal);
            foreach (ManifestEntry e in entries.Values)
            {
                merged[e.Path] = e;
            }

            CorpusManifest.Write(manifestPath, merged.Values);
            TryDelete(scratch);
        }

        IReadOnlyList<ManifestEntry> ordered = entries.OrderBy(kv => kv.Key).Select(kv => kv.Value).ToList();
        return new CorpusGenerationResult(ordered, rendered, skipped, clock.Elapsed);
    }

    private void RenderClip(ComposedPiece piece, string target, string scratch, CancellationToken cancellationToken) =>
        ClipRendering.Render(_renderer, piece, target, scratch, _options.Seconds, _options.SampleRate, _options.PeakLevel, [], cancellationToken);

    /// <summary>Deletes a scratch folder, ignoring a failure.</summary>
    internal static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
