using System.Collections.Concurrent;
using System.Globalization;
using Timbre.Data.Corpus.Composition;
using Timbre.Data.Corpus.Rendering;
using Timbre.Data.Corpus.Styles;

namespace Timbre.Data.Corpus;

/// <summary>What an album-library generation did.</summary>
/// <param name="Entries">The manifest rows, in album then track order.</param>
/// <param name="Rendered">Tracks rendered in this run.</param>
/// <param name="Skipped">Tracks kept from an earlier run.</param>
/// <param name="Elapsed">Wall-clock time.</param>
public sealed record AlbumCorpusResult(IReadOnlyList<AlbumTrackEntry> Entries, int Rendered, int Skipped, TimeSpan Elapsed);

/// <summary>
/// Generates a test library with known structure, laid out as people keep music:
/// DIR/Artist NN/Album NN/Track NN.wav (16-bit mono PCM with RIFF INFO title, artist and album tags) plus
/// DIR/albums.csv. Each album is one consistent style (<see cref="AlbumStyles.Narrow"/>: its own instruments, tempo
/// window, key and patterns); the albums of one artist share a genre. Same seed → byte-identical files; existing
/// tracks with an unchanged manifest row are kept, so runs resume.
/// </summary>
public sealed class AlbumCorpusGenerator
{
    private readonly IMidiRenderer _renderer;
    private readonly AlbumCorpusOptions _options;

    /// <summary>Creates a generator; validates <paramref name="options"/>.</summary>
    public AlbumCorpusGenerator(IMidiRenderer renderer, AlbumCorpusOptions options)
    {
        ArgumentNullException.ThrowIfNull(renderer);
        ArgumentNullException.ThrowIfNull(options);
        _renderer = renderer;
        _options = options.Validate();
    }

    /// <summary>Artist name of album <paramref name="album"/> (0-based).</summary>
    public string ArtistOf(int album) => $"Artist {(album / _options.AlbumsPerArtist + 1).ToString("D2", CultureInfo.InvariantCulture)}";

    /// <summary>Album name of album <paramref name="album"/> (0-based).</summary>
    public static string AlbumName(int album) => $"Album {(album + 1).ToString("D2", CultureInfo.InvariantCulture)}";

    /// <summary>The genre of album <paramref name="album"/>: its artist's, dealt from the genre list in turn.</summary>
    public string GenreOf(int album) => GenreStyles.Get(_options.Genres[album / _options.AlbumsPerArtist % _options.Genres.Count]).Name;

    /// <summary>The style of album <paramref name="album"/>.</summary>
    public GenreStyle StyleOf(int album) =>
        AlbumStyles.Narrow(GenreStyles.Get(GenreOf(album)), Pcg32.Mix(_options.Seed, Pcg32.Hash("album-style"), (ulong)album));

    /// <summary>Generates the library.</summary>
    public AlbumCorpusResult Generate(IProgress<CorpusProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        string root = Path.GetFullPath(_options.OutputDirectory);
        string scratch = Path.Combine(root, ".render-tmp");
        Directory.CreateDirectory(scratch);
        string manifestPath = Path.Combine(root, AlbumManifest.FileName);
        var previous = AlbumManifest.Read(manifestPath).ToDictionary(e => e.Path, StringComparer.Ordinal);
        var styles = Enumerable.Range(0, _options.Albums).Select(StyleOf).ToArray();
        int total = _options.Albums * _options.TracksPerAlbum;
        var entries = new ConcurrentDictionary<int, AlbumTrackEntry>();
        int done = 0, rendered = 0, skipped = 0;
        try
        {
            Parallel.For(0, total, new ParallelOptions { MaxDegreeOfParallelism = _options.Parallelism, CancellationToken = cancellationToken }, j =>
            {
                int album = j / _options.TracksPerAlbum, track = j % _options.TracksPerAlbum;
                string artist = ArtistOf(album), name = AlbumName(album);
                string title = $"Track {(track + 1).ToString("D2", CultureInfo.InvariantCulture)}";
                string relative = $"{artist}/{name}/{title}.wav";
                ComposedPiece piece = Composer.Compose(styles[album], Pcg32.Mix(_options.Seed, Pcg32.Hash("album-track"), (ulong)album, (ulong)track), _options.Seconds);
                var entry = new AlbumTrackEntry(
                    relative, artist, name, piece.Genre, piece.Seed, piece.Tempo, piece.Key, piece.BeatsPerBar, piece.Instruments, piece.Patterns, _options.Seconds, _options.SampleRate);
                string target = Path.Combine(root, relative);
                bool skip = File.Exists(target) && previous.TryGetValue(relative, out AlbumTrackEntry? old) && old == entry;
                if (!skip)
                {
                    Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                    ClipRendering.Render(
                        _renderer, piece, target, scratch, _options.Seconds, _options.SampleRate, _options.PeakLevel, [("INAM", title), ("IART", artist), ("IPRD", name)], cancellationToken);
                    Interlocked.Increment(ref rendered);
                }
                else
                {
                    Interlocked.Increment(ref skipped);
                }

                entries[j] = entry;
                progress?.Report(new CorpusProgress(Interlocked.Increment(ref done), total, relative, skip));
            });
        }
        finally
        {
            var merged = new SortedDictionary<string, AlbumTrackEntry>(previous, StringComparer.Ordinal);
            foreach (AlbumTrackEntry e in entries.Values)
            {
                merged[e.Path] = e;
            }

            AlbumManifest.Write(manifestPath, merged.Values);
            CorpusGenerator.TryDelete(scratch);
        }

        return new AlbumCorpusResult([.. entries.OrderBy(kv => kv.Key).Select(kv => kv.Value)], rendered, skipped, clock.Elapsed);
    }
}
