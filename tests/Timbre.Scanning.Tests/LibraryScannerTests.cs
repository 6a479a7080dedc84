using Timbre.App.Analysis;
using Timbre.Analyzers;
using Timbre.Audio;
using Timbre.Core.Analysis;
using Timbre.Core.Audio;
using Timbre.Core.Catalog;
using Timbre.Core.Errors;
using Timbre.Storage.Hashing;
using Timbre.Storage.Sqlite;

namespace Timbre.Scanning.Tests;

public sealed class LibraryScannerTests : IDisposable
{
    private readonly TestLibrary _lib = new();
    private readonly SummaryFeatureAnalyzer _analyzer = new();

    public void Dispose() => _lib.Dispose();

    private string[] WriteGoodFiles()
    {
        return
        [
            _lib.Wav("a/one.wav", 220, seed: 1),
            _lib.Wav("a/two.wav", 330, seed: 2),
            _lib.Wav("a/deep/three.wav", 440, seed: 3),
            _lib.Wav("b/four.WAV", 550, seed: 4),
            _lib.Wav("five.wav", 660, seed: 5),
            _lib.Mp3("b/six.mp3"),
        ];
    }

    private ScanReport Scan(SqliteCatalogStore store, ITrackAnalyzer? analyzer = null, bool prune = false, int batch = 4, int workers = 2, bool dropOther = false, List<ScanProgress>? events = null)
    {
        var scanner = new LibraryScanner(store, new FileAnalyzer(AudioDecoders.CreateDefault()), analyzer ?? _analyzer, ContentHasher.Compute);
        var progress = events is null ? null : new ListProgress(events);
        return scanner.Scan(new ScanOptions { Root = _lib.Root, BatchSize = batch, Workers = workers, Prune = prune, DeleteOtherAnalyses = dropOther }, progress);
    }

    [Trait("Category", "Slow")]
    [Fact]
    public void ScanOfListedFiles_AnalysesOnlyThose_MarksNothingMissing_RefusesPrune()
    {
        var good = WriteGoodFiles();
        using var store = new SqliteCatalogStore(_lib.CatalogPath);
        var scanner = new LibraryScanner(store, new FileAnalyzer(AudioDecoders.CreateDefault()), _analyzer, ContentHasher.Compute);

        var some = scanner.Scan(new ScanOptions { Root = _lib.Root, Files = [good[0], good[2], good[0], _lib.Path("a/gone.wav")], Workers = 2 });
        Assert.Equal(2, some.Seen);
        Assert.Equal(2, some.Analysed);
        Assert.Equal(2, store.CountAnalyses(_analyzer.ModelId, _analyzer.FeatureVersion));

        var all = scanner.Scan(new ScanOptions { Root = _lib.Root, Files = good, Workers = 2 });
        Assert.Equal(good.Length - 2, all.Analysed);
        Assert.Equal(2, all.SkippedUnchanged);

        var one = scanner.Scan(new ScanOptions { Root = _lib.Root, Files = [good[1]] });
        Assert.Equal(0, one.Missing);
        var full = Scan(store);
        Assert.Equal(0, full.Analysed);
        Assert.Equal(0, full.Missing);
        Assert.Equal(good.Length, full.SkippedUnchanged);
        Assert.Throws<InvalidOptionsException>(() => scanner.Scan(new ScanOptions { Root = _lib.Root, Files = good, Prune = true }));
    }

    [Trait("Category", "Slow")]
    [Fact]
    public void FirstScan_AnalysesGoodFiles_ReportsAndSkipsBadOnes_WithTags()
    {
        var good = WriteGoodFiles();
        var bad = _lib.BadFiles();
        File.WriteAllText(_lib.Path("a/readme.txt"), "not audio, wrong extension");
        using var store = new SqliteCatalogStore(_lib.CatalogPath);
        var events = new List<ScanProgress>();

        var report = Scan(store, events: events);

        Assert.False(report.Cancelled);
        Assert.Equal(good.Length + bad.Length, report.Seen);
        Assert.Equal(good.Length, report.Analysed);
        Assert.Equal(bad.Length, report.FailedCount);
        Assert.Equal(bad.Order(StringComparer.Ordinal), report.Failures.Select(f => f.Path).Order(StringComparer.Ordinal));
        Assert.All(report.Failures, f => Assert.False(string.IsNullOrWhiteSpace(f.Reason)));
        Assert.Contains(report.Failures, f => f.Reason.Contains("empty", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(2, report.BatchesCommitted); // 6 analyses in batches of 4
        Assert.True(report.AudioSeconds > 6.4 && report.AudioSeconds < 6.6, $"{report.AudioSeconds} s");
        Assert.Equal(good.Length, store.CountAnalyses(_analyzer.ModelId, _analyzer.FeatureVersion));
        Assert.Equal(bad.Length, events.Count(e => e.Kind == ScanEventKind.FileFailed));
        Assert.Equal(ScanEventKind.Finished, events[^1].Kind);
        Assert.True(events[^1].EnumerationDone);

        var mp3 = store.FindTrackByPath(good[5])!;
        Assert.Equal("Sine Song", mp3.Title);
        Assert.Equal("Test Artist", mp3.Artist);
        Assert.Equal("Tones", mp3.Album);
        Assert.Equal("Test", mp3.GenreTag);
        Assert.Equal(2021, mp3.Year);
        Assert.InRange(mp3.DurationSeconds, 1.4, 1.7);
        Assert.StartsWith(ContentHasher.Scheme, mp3.ContentHash);
        var wav = store.FindTrackByPath(good[0])!;
        Assert.Equal("one", wav.Title); // no tags: title from the file name
        Assert.Equal(1.0, wav.DurationSeconds, 3);
        var analysis = store.FindAnalysis(wav.Id, _analyzer.ModelId, _analyzer.FeatureVersion)!;
        Assert.Equal(Timbre.Dsp.Summary.SummaryLayout.FeatureCount, analysis.Embedding.Length);
        Assert.Empty(analysis.GenreProbabilities);
        Assert.Equal(analysis.Embedding.Length, analysis.SummaryFeatures.Length);
    }

    [Trait("Category", "Slow")]
    [Fact]
    public void Rescan_SkipsUnchanged_TouchIsForgivenByHash_RewriteReanalysesOnlyThatFile()
    {
        var good = WriteGoodFiles();
        using var store = new SqliteCatalogStore(_lib.CatalogPath);
        Scan(store);
        var before = good.ToDictionary(p => p, p => Embedding(store, p));

        var again = Scan(store);
        Assert.Equal(0, again.Analysed);
        Assert.Equal(good.Length, again.SkippedUnchanged);
        Assert.Equal(0, again.Touched);
        Assert.Equal(0, again.Missing);

        // Touch: new mtime, same bytes → re-stamped, not re-analysed; the next scan is a pure stat skip again.
        File.SetLastWriteTimeUtc(good[1], DateTime.UtcNow.AddMinutes(5));
        var touched = Scan(store);
        Assert.Equal(0, touched.Analysed);
        Assert.Equal(1, touched.Touched);
        Assert.Equal(0, Scan(store).Touched);

        // Rewrite one file with different audio → only it is analysed again, and its embedding changes.
        _lib.Wav("a/deep/three.wav", 1200, seed: 9);
        var rewritten = Scan(store);
        Assert.Equal(1, rewritten.Analysed);
        Assert.Equal(good.Length - 1, rewritten.SkippedUnchanged);
        Assert.NotEqual(before[good[2]], Embedding(store, good[2]));
        Assert.Equal(before[good[0]], Embedding(store, good[0]));
        Assert.Equal(good.Length, store.CountAnalyses(_analyzer.ModelId, _analyzer.FeatureVersion));
    }

    [Trait("Category", "Slow")]
    [Fact]
    public void DeletedFile_IsMarkedMissing_ThenPrunedWithPrune()
    {
        var good = WriteGoodFiles();
        using var store = new SqliteCatalogStore(_lib.CatalogPath);
        Scan(store);
        File.Delete(good[3]);

        var report = Scan(store);
        Assert.Equal(1, report.Missing);
        Assert.Equal(0, report.Pruned);
        Assert.Equal(TrackStatus.Missing, store.FindTrackByPath(good[3])!.Status);
        Assert.Equal(1, store.GetStats().MissingTracks);
        Assert.Equal(good.Length - 1, store.CountAnalyses(_analyzer.ModelId, _analyzer.FeatureVersion)); // present only

        var pruned = Scan(store, prune: true);
        Assert.Equal(1, pruned.Pruned);
        Assert.Null(store.FindTrackByPath(good[3]));
        Assert.Equal(0, store.GetStats().MissingTracks);
        Assert.Equal(good.Length - 1, store.GetStats().PresentTracks);

        // A file that comes back is analysed again.
        _lib.Wav("b/four.WAV", 550, seed: 4);
        Assert.Equal(1, Scan(store).Analysed);
    }

    [Trait("Category", "Slow")]
    [Fact]
    public void ChangedAnalyzerVersion_ReanalysesEverything_AndCanDropOldAnalyses()
    {
        var good = WriteGoodFiles();
        using var store = new SqliteCatalogStore(_lib.CatalogPath);
        Scan(store);
        var v2 = new VersionedAnalyzer(_analyzer, _analyzer.FeatureVersion + 1);

        var report = Scan(store, analyzer: v2);
        Assert.Equal(good.Length, report.Analysed);
        Assert.Equal(good.Length, store.CountAnalyses(v2.ModelId, v2.FeatureVersion));
        Assert.Equal(good.Length, store.CountAnalyses(_analyzer.ModelId, _analyzer.FeatureVersion)); // kept by default
        Assert.Equal(0, Scan(store, analyzer: v2).Analysed);

        var dropped = Scan(store, analyzer: v2, dropOther: true);
        Assert.Equal(good.Length, dropped.DeletedOtherAnalyses);
        Assert.Equal(0, store.CountAnalyses(_analyzer.ModelId, _analyzer.FeatureVersion));
        Assert.Equal(good.Length, store.CountAnalyses(v2.ModelId, v2.FeatureVersion));
        Assert.Equal(good.Length, Scan(store).Analysed); // back to version 1: analysed again
    }

    [Fact]
    public void Cancellation_AfterFirstBatch_KeepsWholeBatchesOnly_MarksNothingMissing_ThenResumes()
    {
        for (var i = 0; i < 12; i++)
        {
            _lib.Wav($"t{i:00}.wav", 200 + 50 * i, seed: i);
        }

        using var store = new SqliteCatalogStore(_lib.CatalogPath);
        using var cts = new CancellationTokenSource();
        var scanner = new LibraryScanner(store, new FileAnalyzer(AudioDecoders.CreateDefault()), _analyzer, ContentHasher.Compute);
        var progress = new ActionProgress(p =>
        {
            if (p.Kind == ScanEventKind.BatchCommitted)
            {
                cts.Cancel();
            }
        });

        var report = scanner.Scan(new ScanOptions { Root = _lib.Root, BatchSize = 3, Workers = 2 }, progress, cts.Token);

        Assert.True(report.Cancelled);
        Assert.Equal(1, report.BatchesCommitted);
        Assert.Equal(3, report.Analysed);
        Assert.Equal(0, report.Missing);
        Assert.Equal(3, store.CountAnalyses(_analyzer.ModelId, _analyzer.FeatureVersion));
        Assert.Equal(3, store.GetStats().PresentTracks);

        var resumed = Scan(store, batch: 3);
        Assert.False(resumed.Cancelled);
        Assert.Equal(9, resumed.Analysed);
        Assert.Equal(3, resumed.SkippedUnchanged);
        Assert.Equal(12, store.CountAnalyses(_analyzer.ModelId, _analyzer.FeatureVersion));
    }

    [Fact]
    public void AlreadyCancelledToken_Throws_WithoutTouchingTheCatalog()
    {
        WriteGoodFiles();
        using var store = new SqliteCatalogStore(_lib.CatalogPath);
        var scanner = new LibraryScanner(store, new FileAnalyzer(AudioDecoders.CreateDefault()), _analyzer);
        Assert.Throws<OperationCanceledException>(() => scanner.Scan(new ScanOptions { Root = _lib.Root }, null, new CancellationToken(true)));
        Assert.Equal(0, store.GetStats().PresentTracks);
    }

    [Trait("Category", "Slow")]
    [Fact]
    public void FailingAnalyzer_FailsEachFile_WithoutStoppingTheScan()
    {
        var good = WriteGoodFiles();
        using var store = new SqliteCatalogStore(_lib.CatalogPath);
        var report = Scan(store, analyzer: new NaNAnalyzer(_analyzer));
        Assert.Equal(good.Length, report.FailedCount);
        Assert.All(report.Failures, f => Assert.Contains("non-finite", f.Reason, StringComparison.Ordinal));
        Assert.Equal(0, report.Analysed);
    }

    [Fact]
    public void BadOptionsAndMissingRoot_AreUserErrors()
    {
        using var store = new SqliteCatalogStore(_lib.CatalogPath);
        var scanner = new LibraryScanner(store, new FileAnalyzer(AudioDecoders.CreateDefault()), _analyzer);
        Assert.Throws<InvalidOptionsException>(() => scanner.Scan(new ScanOptions { Root = _lib.Root, Workers = 0 }));
        Assert.Throws<InvalidOptionsException>(() => scanner.Scan(new ScanOptions { Root = _lib.Root, BatchSize = 0 }));
        Assert.Throws<InvalidOptionsException>(() => scanner.Scan(new ScanOptions { Root = _lib.Root, Extensions = ["wav"] }));
        var e = Assert.Throws<TimbreException>(() => scanner.Scan(new ScanOptions { Root = _lib.Path("nope") }));
        Assert.Contains("does not exist", e.Message, StringComparison.Ordinal);
    }

    private static float[] Embedding(ICatalogStore store, string path)
    {
        var track = store.FindTrackByPath(path)!;
        return store.FindAnalysis(track.Id, SummaryFeatureAnalyzer.Id, Timbre.Dsp.Summary.FeaturesVersion.Current)!.Embedding;
    }

    private sealed class ListProgress(List<ScanProgress> list) : IProgress<ScanProgress>
    {
        public void Report(ScanProgress value) => list.Add(value);
    }

    private sealed class ActionProgress(Action<ScanProgress> action) : IProgress<ScanProgress>
    {
        public void Report(ScanProgress value) => action(value);
    }

    /// <summary>The real summary analyzer under another feature version (as after a features upgrade).</summary>
    private sealed class VersionedAnalyzer(ITrackAnalyzer inner, int version) : ITrackAnalyzer
    {
        public string ModelId => inner.ModelId;

        public int FeatureVersion => version;

        public int SampleRate => inner.SampleRate;

        public IReadOnlyList<string> GenreLabels => inner.GenreLabels;

        public TrackAnalysis Analyze(AudioBuffer audio, CancellationToken cancellationToken = default) => inner.Analyze(audio, cancellationToken);
    }

    /// <summary>The real analyzer whose output is corrupted with a NaN: the scanner must refuse to store it.</summary>
    private sealed class NaNAnalyzer(ITrackAnalyzer inner) : ITrackAnalyzer
    {
        public string ModelId => "nan";

        public int FeatureVersion => 1;

        public int SampleRate => inner.SampleRate;

        public IReadOnlyList<string> GenreLabels => inner.GenreLabels;

        public TrackAnalysis Analyze(AudioBuffer audio, CancellationToken cancellationToken = default)
        {
            var a = inner.Analyze(audio, cancellationToken);
            a.Embedding[0] = float.NaN;
            return a;
        }
    }
}
