using System.Collections.Concurrent;
using Timbre.App.Analysis;
using Timbre.Analyzers;
using Timbre.Audio;
using Timbre.Core.Analysis;
using Timbre.Core.Audio;
using Timbre.Storage.Hashing;
using Timbre.Storage.Sqlite;

namespace Timbre.Scanning.Tests;

/// <summary>Failures are remembered: an unchanged bad file is not decoded again, a changed or fixed one is.</summary>
public sealed class ScanFailureMemoryTests : IDisposable
{
    private readonly TestLibrary _lib = new();
    private readonly SummaryFeatureAnalyzer _analyzer = new();
    private readonly CountingDecoder _decoder = new(AudioDecoders.CreateDefault());

    public void Dispose() => _lib.Dispose();

    /// <summary>Two good WAVs, garbage bytes named .mp3 and a WAV cut inside its header.</summary>
    private (string Garbage, string Truncated) WriteLibrary()
    {
        _lib.Wav("good/one.wav", 220, seed: 1);
        _lib.Wav("good/two.wav", 330, seed: 2);
        var garbage = _lib.Path("bad/garbage.mp3");
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(garbage)!);
        var bytes = new byte[4096];
        new Random(7).NextBytes(bytes);
        File.WriteAllBytes(garbage, bytes);
        var truncated = _lib.Wav("bad/cut.wav", 440, seed: 3);
        File.WriteAllBytes(truncated, File.ReadAllBytes(truncated)[..30]);
        return (garbage, truncated);
    }

    private ScanReport Scan(SqliteCatalogStore store, bool retry = false, bool prune = false, ITrackAnalyzer? analyzer = null, List<ScanProgress>? events = null)
    {
        var scanner = new LibraryScanner(store, new FileAnalyzer(_decoder), analyzer ?? _analyzer, ContentHasher.Compute);
        var progress = events is null ? null : new ListProgress(events);
        return scanner.Scan(new ScanOptions { Root = _lib.Root, Workers = 2, BatchSize = 2, RetryFailed = retry, Prune = prune }, progress);
    }

    [Trait("Category", "Slow")]
    [Fact]
    public void UnchangedFailure_IsSkippedWithoutDecoding_ChangedIsRetried_FixedSucceedsAndIsForgotten()
    {
        var (garbage, truncated) = WriteLibrary();
        using var store = new SqliteCatalogStore(_lib.CatalogPath);

        var first = Scan(store);
        Assert.Equal((2L, 2L, 0L), (first.Analysed, first.FailedCount, first.KnownFailures));
        var rows = store.ListScanFailures();
        Assert.Equal(new[] { truncated, garbage }.Order(StringComparer.Ordinal), rows.Select(f => f.Path));
        Assert.All(rows, f => Assert.Equal(1, f.Attempts));
        Assert.All(rows, f => Assert.Null(f.ModelId)); // did not decode: a failure for every model
        Assert.All(rows, f => Assert.False(string.IsNullOrWhiteSpace(f.Reason)));
        Assert.Equal(new FileInfo(garbage).Length, rows.Single(f => f.Path == garbage).SizeBytes);
        Assert.True(_decoder.Calls(garbage) > 0 && _decoder.Calls(truncated) > 0);

        // Second scan: neither bad file is opened by the decoder, and none is reported as a failure again.
        var callsBefore = (_decoder.Calls(garbage), _decoder.Calls(truncated));
        var events = new List<ScanProgress>();
        var second = Scan(store, events: events);
        Assert.Equal((0L, 0L, 2L, 2L), (second.Analysed, second.FailedCount, second.KnownFailures, second.SkippedUnchanged));
        Assert.Empty(second.Failures);
        Assert.Equal(callsBefore, (_decoder.Calls(garbage), _decoder.Calls(truncated)));
        Assert.DoesNotContain(events, e => e.Kind == ScanEventKind.FileFailed);
        Assert.Equal(2, events[^1].KnownFailures);
        Assert.Equal(4, events[^1].Processed);
        Assert.All(store.ListScanFailures(), f => Assert.Equal(1, f.Attempts));
        Assert.Equal(2, store.GetStats().PresentTracks);

        // Touched (new mtime): retried, fails again, attempts grow; the other stays a known failure.
        File.SetLastWriteTimeUtc(garbage, DateTime.UtcNow.AddMinutes(5));
        var touched = Scan(store);
        Assert.Equal((1L, 1L), (touched.FailedCount, touched.KnownFailures));
        Assert.Equal(garbage, touched.Failures.Single().Path);
        Assert.True(_decoder.Calls(garbage) > callsBefore.Item1);
        Assert.Equal(2, store.ListScanFailures().Single(f => f.Path == garbage).Attempts);
        Assert.Equal(0, Scan(store).FailedCount); // and is a known failure again at its new mtime

        // Replaced by a valid WAV: analysed, and its failure row is gone.
        _lib.Wav("bad/cut.wav", 440, seed: 3);
        var fixedScan = Scan(store);
        Assert.Equal((1L, 0L, 1L), (fixedScan.Analysed, fixedScan.FailedCount, fixedScan.KnownFailures));
        Assert.Equal([garbage], store.ListScanFailures().Select(f => f.Path));
        Assert.NotNull(store.FindTrackByPath(truncated));
        Assert.Equal(3, store.CountAnalyses(_analyzer.ModelId, _analyzer.FeatureVersion));
    }

    [Fact]
    public void RetryFailed_DecodesEveryKnownFailureAgain()
    {
        var (garbage, truncated) = WriteLibrary();
        using var store = new SqliteCatalogStore(_lib.CatalogPath);
        Scan(store);
        var callsBefore = (_decoder.Calls(garbage), _decoder.Calls(truncated));

        var retried = Scan(store, retry: true);

        Assert.Equal((2L, 0L, 0L), (retried.FailedCount, retried.KnownFailures, retried.Analysed));
        Assert.True(_decoder.Calls(garbage) > callsBefore.Item1 && _decoder.Calls(truncated) > callsBefore.Item2);
        Assert.All(store.ListScanFailures(), f => Assert.Equal(2, f.Attempts));
        Assert.Equal(2, Scan(store).KnownFailures); // without the option: skipped again
    }

    [Fact]
    public void Prune_ForgetsFailuresOfGoneFilesUnderTheRootOnly()
    {
        var (garbage, truncated) = WriteLibrary();
        using var store = new SqliteCatalogStore(_lib.CatalogPath);
        Scan(store);
        var elsewhere = Path.GetFullPath(_lib.Path("../elsewhere/gone.mp3")); // outside the root: never pruned by this library's scan
        store.RecordScanFailures([new() { Path = elsewhere, SizeBytes = 1, Reason = "not audio" }]);
        File.Delete(garbage);

        var plain = Scan(store);
        Assert.Equal((0L, 1L), (plain.PrunedFailures, plain.KnownFailures));
        Assert.Equal(3, store.ListScanFailures().Count);

        var pruned = Scan(store, prune: true);
        Assert.Equal(1, pruned.PrunedFailures);
        Assert.Equal(new[] { truncated, elsewhere }.Order(StringComparer.Ordinal), store.ListScanFailures().Select(f => f.Path));
    }

    [Fact]
    public void AnalyzerFailure_IsKnownOnlyToThatModelAndVersion()
    {
        _lib.Wav("a.wav", 220, seed: 1);
        _lib.Wav("b.wav", 330, seed: 2);
        using var store = new SqliteCatalogStore(_lib.CatalogPath);
        var broken = new BrokenNextVersion(_analyzer);

        Assert.Equal(2, Scan(store, analyzer: broken).FailedCount);
        Assert.All(store.ListScanFailures(), f => Assert.Equal((_analyzer.ModelId, broken.FeatureVersion), (f.ModelId, f.FeatureVersion)));
        var again = Scan(store, analyzer: broken);
        Assert.Equal((0L, 2L), (again.FailedCount, again.KnownFailures));

        // The working version is not blocked by the broken one's failures, and its success clears them.
        var working = Scan(store);
        Assert.Equal((2L, 0L, 0L), (working.Analysed, working.FailedCount, working.KnownFailures));
        Assert.Empty(store.ListScanFailures());
    }

    /// <summary>The real decoder, counting the calls (probe or decode) made for each path.</summary>
    private sealed class CountingDecoder(IAudioDecoder inner) : IAudioDecoder
    {
        private readonly ConcurrentDictionary<string, int> _calls = new(StringComparer.Ordinal);

        public int Calls(string path) => _calls.GetValueOrDefault(path);

        public AudioBuffer Decode(string path, int targetSampleRate, CancellationToken cancellationToken = default)
        {
            _calls.AddOrUpdate(path, 1, (_, n) => n + 1);
            return inner.Decode(path, targetSampleRate, cancellationToken);
        }

        public AudioInfo Probe(string path, CancellationToken cancellationToken = default)
        {
            _calls.AddOrUpdate(path, 1, (_, n) => n + 1);
            return inner.Probe(path, cancellationToken);
        }
    }

    /// <summary>The real analyzer at the next feature version, producing a NaN: every file fails for that version only.</summary>
    private sealed class BrokenNextVersion(ITrackAnalyzer inner) : ITrackAnalyzer
    {
        public string ModelId => inner.ModelId;

        public int FeatureVersion => inner.FeatureVersion + 1;

        public int SampleRate => inner.SampleRate;

        public IReadOnlyList<string> GenreLabels => inner.GenreLabels;

        public TrackAnalysis Analyze(AudioBuffer audio, CancellationToken cancellationToken = default)
        {
            var a = inner.Analyze(audio, cancellationToken);
            a.Embedding[0] = float.NaN;
            return a;
        }
    }

    private sealed class ListProgress(List<ScanProgress> list) : IProgress<ScanProgress>
    {
        public void Report(ScanProgress value) => list.Add(value);
    }
}
