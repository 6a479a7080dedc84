using Timbre.Audio.Wav;
using Timbre.Core.Analysis;
using Timbre.Core.Audio;
using Timbre.Core.Catalog;
using Timbre.Storage.Sqlite;

namespace Timbre.Testing;

/// <summary>
/// A temporary music library written by the test: a folder (<see cref="Root"/>) and a catalog path beside it. Tests
/// add tone WAVs, a tagged MP3 or bad files one by one, or ask for synthetic "families" (distinct timbres) up front
/// and catalogue them with a real analyzer, as <c>timbre scan</c> would store them.
/// </summary>
public sealed class TestLibrary : IDisposable
{
    /// <summary>Sample rate of every generated file.</summary>
    public const int SampleRate = 22050;

    /// <summary>The title of the first family track: markup that a page must show as text.</summary>
    public const string HostileTitle = "<img src=x onerror=alert(1)>";

    /// <summary>The synthetic families, in <see cref="Synth"/>'s order.</summary>
    public static readonly string[] Families = ["low", "bright", "noisy", "chord"];

    /// <summary>An empty library, or <paramref name="perFamily"/> files of <paramref name="seconds"/> s per family.</summary>
    public TestLibrary(int perFamily = 0, double seconds = 3.0)
    {
        Dir = new TempDir("timbre-library-");
        Root = Dir.File("music");
        Directory.CreateDirectory(Root);
        CatalogPath = Dir.File("catalog.db");
        Tracks = [];
        for (var f = 0; f < Families.Length; f++)
        {
            for (var i = 0; i < perFamily; i++)
            {
                var path = Dir.File(System.IO.Path.Combine("music", $"{Families[f]}-{i}.wav"), TestWav.Encode(Synth(f, i, seconds, SampleRate), SampleRate));
                var title = f == 0 && i == 0 ? HostileTitle : $"{Families[f]} song {i}";
                Tracks.Add((path, title, Families[f]));
            }
        }
    }

    /// <summary>The temp folder holding the library and the catalog.</summary>
    public TempDir Dir { get; }

    /// <summary>The music folder.</summary>
    public string Root { get; }

    /// <summary>Where the library's catalog lives (created by the first store that opens it).</summary>
    public string CatalogPath { get; }

    /// <summary>The family files written by the constructor.</summary>
    public List<(string Path, string Title, string Family)> Tracks { get; }

    /// <summary>The full path of <paramref name="relative"/> inside the music folder.</summary>
    public string Path(string relative) => System.IO.Path.Combine(Root, relative);

    /// <summary>A WAV of a two-tone chord plus a little seeded noise: each (f, seed) gives different content.</summary>
    public string Wav(string relative, double frequency, double seconds = 1.0, int seed = 0)
    {
        var path = Path(relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        var n = (int)(seconds * SampleRate);
        var samples = new float[n];
        var random = new Random(seed);
        for (var i = 0; i < n; i++)
        {
            var t = (double)i / SampleRate;
            samples[i] = (float)(0.4 * Math.Sin(2 * Math.PI * frequency * t) + 0.2 * Math.Sin(2 * Math.PI * 1.5 * frequency * t)
                + 0.05 * (random.NextDouble() - 0.5));
        }

        WavWriter.WriteFile(path, new AudioBuffer(samples, SampleRate));
        return path;
    }

    /// <summary>An MP3 with tags, made by ffmpeg from a sine.</summary>
    public string Mp3(string relative)
    {
        var path = Path(relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        GeneratorFfmpeg.Run(
            "-f", "lavfi", "-i", "sine=frequency=330:duration=1.5", "-ar", "22050",
            "-metadata", "title=Sine Song", "-metadata", "artist=Test Artist", "-metadata", "album=Tones",
            "-metadata", "genre=Test", "-metadata", "date=2021-03-04", path);
        return path;
    }

    /// <summary>Three files with audio extensions that are not audio: empty, text, and a truncated WAV header.</summary>
    public string[] BadFiles()
    {
        var empty = Path("bad/empty.wav");
        var text = Path("bad/notes.mp3");
        var truncated = Path("bad/truncated.flac");
        Directory.CreateDirectory(Path("bad"));
        File.WriteAllBytes(empty, []);
        File.WriteAllText(text, "these are not the droids you are looking for\n");
        File.WriteAllBytes(truncated, "RIFF\x24\0\0\0WAVEfmt "u8.ToArray());
        return [empty, text, truncated];
    }

    /// <summary>Analyses every family file with <paramref name="analyzer"/> and saves tracks and analyses in one batch.</summary>
    public void Catalogue(ITrackAnalyzer analyzer, IAudioDecoder decoder)
    {
        using var store = new SqliteCatalogStore(CatalogPath);
        var batch = new List<(TrackRecord, AnalysisRecord)>();
        for (var i = 0; i < Tracks.Count; i++)
        {
            var (path, title, family) = Tracks[i];
            var file = new FileInfo(path);
            var audio = decoder.Decode(path, analyzer.SampleRate);
            var a = analyzer.Analyze(audio);
            batch.Add((
                new TrackRecord
                {
                    Path = file.FullName,
                    SizeBytes = file.Length,
                    ModifiedUtc = file.LastWriteTimeUtc,
                    Title = title,
                    Artist = $"{family} band",
                    Album = $"{family} album",
                    GenreTag = family,
                    Year = 1990 + i,
                    DurationSeconds = audio.DurationSeconds,
                },
                AnalysisRecord.Of(analyzer, a)));
        }

        store.SaveAnalysesBatch(batch);
    }

    /// <summary>A clip of family <paramref name="family"/> (variant <paramref name="variant"/>), deterministic.</summary>
    public static float[] Synth(int family, int variant, double seconds, int sampleRate)
    {
        var rng = new Random((family * 100) + variant + 7);
        var n = (int)(seconds * sampleRate);
        var x = new float[n];
        var f0 = family switch
        {
            0 => 80.0 + (10 * variant),
            1 => 1200.0 + (100 * variant),
            2 => 300.0,
            _ => 261.6 + (5 * variant),
        };
        for (var i = 0; i < n; i++)
        {
            var t = (double)i / sampleRate;
            double v = family switch
            {
                0 => 0.6 * Math.Sin(2 * Math.PI * f0 * t) + (0.2 * Math.Sin(2 * Math.PI * 2 * f0 * t)),
                1 => 0.3 * Math.Sign(Math.Sin(2 * Math.PI * f0 * t)) + (0.1 * Math.Sin(2 * Math.PI * 3.1 * f0 * t)),
                2 => (rng.NextDouble() - 0.5) * (Math.Sin(2 * Math.PI * 4 * t) > 0 ? 0.9 : 0.15),
                _ => 0.25 * (Math.Sin(2 * Math.PI * f0 * t) + Math.Sin(2 * Math.PI * f0 * 1.26 * t) + Math.Sin(2 * Math.PI * f0 * 1.5 * t)),
            };
            x[i] = (float)(v + ((rng.NextDouble() - 0.5) * 0.01));
        }

        return x;
    }

    /// <summary>Deletes the folder and the catalog.</summary>
    public void Dispose() => Dir.Dispose();
}
