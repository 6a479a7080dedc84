using System.Collections.Concurrent;
using Timbre.App.Analysis;
using Timbre.Analyzers;
using Timbre.Audio;
using Timbre.Core.Analysis;
using Timbre.Core.Audio;
using Timbre.Storage.Hashing;
using Timbre.Storage.Sqlite;

namespace Timbre.Scanning.Tests;

/// <summary>Several analyzers in one scan: one decode per file, one analysis per set.</summary>
public sealed class MultiAnalyzerScanTests : IDisposable
{
    private readonly TestLibrary _lib = new();

    public void Dispose() => _lib.Dispose();

    [Fact]
    public void TwoAnalyzers_StoreBothSets_WithOneDecodePerFile_AndARescanDecodesNothing()
    {
        _lib.Wav("a/one.wav", 220, seed: 1);
        _lib.Wav("a/two.wav", 440, seed: 2);
        _lib.Wav("b/three.wav", 880, seed: 3);
        var decoder = new DecodeCounter(AudioDecoders.CreateDefault());
        var summary = new SummaryFeatureAnalyzer();
        var learned = new TinyEmbedding(summary.SampleRate);
        using var store = new SqliteCatalogStore(_lib.CatalogPath);
        var options = new ScanOptions { Root = _lib.Root, Workers = 2, BatchSize = 2 };

        var report = new LibraryScanner(store, new FileAnalyzer(decoder), [summary, learned], ContentHasher.Compute).Scan(options);

        Assert.Equal(3, report.Analysed);
        Assert.Equal(3, store.CountAnalyses(summary.ModelId, summary.FeatureVersion));
        Assert.Equal(3, store.CountAnalyses(learned.ModelId, learned.FeatureVersion));
        Assert.Equal(3, decoder.Decodes.Count);
        Assert.All(decoder.Decodes.Values, n => Assert.Equal(1, n));
        var track = store.FindTrackByPath(_lib.Path("a/two.wav"))!;
        Assert.Equal([1f, 2f], store.FindAnalysis(track.Id, learned.ModelId, learned.FeatureVersion)!.Embedding[..2]);

        var again = new LibraryScanner(store, new FileAnalyzer(decoder), [summary, learned], ContentHasher.Compute).Scan(options);
        Assert.Equal(0, again.Analysed);
        Assert.All(decoder.Decodes.Values, n => Assert.Equal(1, n));
    }

    [Fact]
    public void ANewAnalyzer_OnlyAnalysesWhatItLacks()
    {
        _lib.Wav("a/one.wav", 220, seed: 1);
        var decoder = new DecodeCounter(AudioDecoders.CreateDefault());
        var summary = new SummaryFeatureAnalyzer();
        var learned = new TinyEmbedding(summary.SampleRate);
        using var store = new SqliteCatalogStore(_lib.CatalogPath);
        var options = new ScanOptions { Root = _lib.Root, Workers = 1 };
        new LibraryScanner(store, new FileAnalyzer(decoder), summary).Scan(options);

        new LibraryScanner(store, new FileAnalyzer(decoder), [summary, learned]).Scan(options);

        Assert.Equal(1, store.CountAnalyses(learned.ModelId, learned.FeatureVersion));
        Assert.Equal(1, learned.Calls);
        Assert.Equal(2, decoder.Decodes[_lib.Path("a/one.wav")]);
        Assert.Throws<ArgumentException>(() => new LibraryScanner(store, new FileAnalyzer(decoder), [summary, new SummaryFeatureAnalyzer()]));
    }

    /// <summary>A stand-in learned model: embedding = (1, 2, RMS), no genres.</summary>
    private sealed class TinyEmbedding(int sampleRate) : ITrackAnalyzer
    {
        private int _calls;

        public int Calls => _calls;

        public string ModelId => "tiny";

        public int FeatureVersion => 1;

        public int SampleRate => sampleRate;

        public IReadOnlyList<string> GenreLabels { get; } = [];

        public TrackAnalysis Analyze(AudioBuffer audio, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _calls);
            var rms = (float)Math.Sqrt(audio.Samples.Average(s => (double)s * s));
            return new TrackAnalysis([1, 2, rms], [], []);
        }
    }

    /// <summary>The real decoder, counting decodes (whole or windowed) per path.</summary>
    private sealed class DecodeCounter(IAudioDecoder inner) : IAudioDecoder
    {
        public ConcurrentDictionary<string, int> Decodes { get; } = new(StringComparer.Ordinal);

        public AudioBuffer Decode(string path, int targetSampleRate, CancellationToken cancellationToken = default)
        {
            Decodes.AddOrUpdate(path, 1, (_, n) => n + 1);
            return inner.Decode(path, targetSampleRate, cancellationToken);
        }

        public AudioInfo Probe(string path, CancellationToken cancellationToken = default) => inner.Probe(path, cancellationToken);

        public AudioBuffer DecodeWindow(AudioInfo info, int targetSampleRate, AnalysisWindowOptions window, CancellationToken cancellationToken = default)
        {
            Decodes.AddOrUpdate(info.Path, 1, (_, n) => n + 1);
            return inner.DecodeWindow(info, targetSampleRate, window, cancellationToken);
        }
    }
}
