using Timbre.Core.Analysis;
using Timbre.Core.Audio;
using Timbre.Core.Catalog;
using Timbre.Storage.Sqlite;

namespace Timbre.Web.Tests.Support;

/// <summary>
/// A real temp library for tests: generated WAV files in four synthetic "families" (distinct timbres), catalogued in
/// a SQLite catalog with the analyses of a real analyzer, as <c>timbre scan</c> would store them.
/// </summary>
internal sealed class TestLibrary : IDisposable
{
    public const string HostileTitle = "<img src=x onerror=alert(1)>";
    public static readonly string[] Families = ["low", "bright", "noisy", "chord"];

    public TestLibrary(int perFamily = 3, double seconds = 3.0)
    {
        Dir = new TempDir();
        CatalogPath = Dir.File("catalog.db");
        Directory.CreateDirectory(Dir.File("music"));
        Tracks = [];
        for (var f = 0; f < Families.Length; f++)
        {
            for (var i = 0; i < perFamily; i++)
            {
                var path = Dir.File(Path.Combine("music", $"{Families[f]}-{i}.wav"));
                File.WriteAllBytes(path, TestWav.Encode(Synth(f, i, seconds, 22050), 22050));
                var title = f == 0 && i == 0 ? HostileTitle : $"{Families[f]} song {i}";
                Tracks.Add((path, title, Families[f]));
            }
        }
    }

    public TempDir Dir { get; }

    public string CatalogPath { get; }

    public List<(string Path, string Title, string Family)> Tracks { get; }

    /// <summary>Analyses every file with <paramref name="analyzer"/> and saves tracks and analyses in one batch.</summary>
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
                FileAnalysis.RecordOf(analyzer, a)));
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

    public void Dispose() => Dir.Dispose();
}
