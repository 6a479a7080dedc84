using Timbre.App.Analysis;
using Timbre.App.Tests.Support;
using Timbre.Audio;
using Timbre.Core.Audio;
using Timbre.Core.Errors;

namespace Timbre.App.Tests.Analysis;

/// <summary>AnalyzeFile: one probe, one decode per sample rate, every analyzer, failures per model.</summary>
public sealed class FileAnalyzerTests : IDisposable
{
    private readonly TempLibrary _lib = new();

    public void Dispose() => _lib.Dispose();

    [Fact]
    public void ThreeAnalyzersAtTwoRates_OneProbe_OneDecodePerRate_ResultsInAnalyzerOrder()
    {
        var path = _lib.Wav("one.wav", 440, seed: 1);
        var decoder = new CountingDecoder(AudioDecoders.CreateDefault());
        var a = new MomentsAnalyzer("a", 22050);
        var b = new MomentsAnalyzer("b", 16000);
        var c = new MomentsAnalyzer("c", 22050);

        var analysed = new FileAnalyzer(decoder).Analyze(path, [a, b, c], AnalysisWindowOptions.Default);

        Assert.Equal(1, Assert.Single(decoder.Probes).Value);
        Assert.Equal(2, decoder.Decodes.Count);
        Assert.All(decoder.Decodes.Values, n => Assert.Equal(1, n));
        Assert.Equal(["a", "b", "c"], analysed.Analyses.Select(x => x.ModelId));
        Assert.Equal([22050f, 16000f, 22050f], analysed.Analyses.Select(x => x.Embedding[2]));
        Assert.Empty(analysed.Failures);
        Assert.Equal(new FileInfo(path).Length, analysed.Track.SizeBytes);
        Assert.Equal("one", analysed.Track.Title);
        Assert.InRange(analysed.DurationSeconds, 0.99, 1.01);
    }

    [Fact]
    public void AFailingAnalyzer_FailsItsModelOnly()
    {
        var path = _lib.Wav("one.wav", 440, seed: 1);
        var good = new MomentsAnalyzer("good", 22050);
        var broken = new BrokenAnalyzer(22050);

        var analysed = new FileAnalyzer(AudioDecoders.CreateDefault()).Analyze(path, [broken, good], AnalysisWindowOptions.Default);

        Assert.Equal("good", Assert.Single(analysed.Analyses).ModelId);
        var (analyzer, error) = Assert.Single(analysed.Failures);
        Assert.Same(broken, analyzer);
        Assert.IsType<InvalidOperationException>(error);
        Assert.Throws<InvalidOperationException>(() => analysed.ThrowIfAnyFailed());
    }

    [Fact]
    public void AResultTheCatalogCannotStore_IsTheAnalyzersFailure()
    {
        var path = _lib.Wav("one.wav", 440, seed: 1);
        var wrongGenres = new WrongGenreCount();

        var analysed = new FileAnalyzer(AudioDecoders.CreateDefault()).Analyze(path, [wrongGenres], AnalysisWindowOptions.Default);

        Assert.Empty(analysed.Analyses);
        Assert.Contains("genre probabilities", Assert.IsType<Timbre.Core.Analysis.AnalysisException>(Assert.Single(analysed.Failures).Error).Message, StringComparison.Ordinal);
    }

    /// <summary>A file that understates its length (or claims none) takes the decoded seconds; a longer claim (a track cut by the window) stands.</summary>
    [Theory]
    [InlineData(0.0, 1.0)]
    [InlineData(0.2, 1.0)]
    [InlineData(42.0, 42.0)]
    public void Duration_IsTheClaimedOne_OrTheDecodedSecondsWhenMore(double claimed, double expected)
    {
        var path = _lib.Wav("one.wav", 440, seed: 1);
        var decoder = new ClaimingDecoder(AudioDecoders.CreateDefault(), claimed);

        var analysed = new FileAnalyzer(decoder).Analyze(path, [new MomentsAnalyzer("a", 22050)], AnalysisWindowOptions.Default);

        Assert.Equal(claimed, analysed.Info.DurationSeconds);
        Assert.Equal(1.0, analysed.AnalysedSeconds, 3);
        Assert.Equal(expected, analysed.DurationSeconds, 3);
        Assert.Equal(expected, analysed.Track.DurationSeconds, 3);
    }

    [Fact]
    public void NotAudio_IsADecodingError()
    {
        var path = _lib.Garbage("noise.wav");
        Assert.Throws<AudioDecodingException>(() =>
            new FileAnalyzer(AudioDecoders.CreateDefault()).Analyze(path, [new MomentsAnalyzer("a", 22050)], AnalysisWindowOptions.Default));
    }

    /// <summary>The real decoder, whose probe claims <paramref name="seconds"/> whatever the file holds (as a bad header does).</summary>
    private sealed class ClaimingDecoder(IAudioDecoder inner, double seconds) : IAudioDecoder
    {
        public AudioBuffer Decode(string path, int targetSampleRate, CancellationToken cancellationToken = default) => inner.Decode(path, targetSampleRate, cancellationToken);

        public AudioInfo Probe(string path, CancellationToken cancellationToken = default) => inner.Probe(path, cancellationToken) with { DurationSeconds = seconds };

        public AudioBuffer DecodeWindow(AudioInfo info, int targetSampleRate, AnalysisWindowOptions window, CancellationToken cancellationToken = default) =>
            inner.DecodeWindow(info, targetSampleRate, window, cancellationToken);
    }

    private sealed class WrongGenreCount : Timbre.Core.Analysis.ITrackAnalyzer
    {
        public string ModelId => "wrong";

        public int FeatureVersion => 1;

        public int SampleRate => 22050;

        public IReadOnlyList<string> GenreLabels { get; } = ["a", "b"];

        public Timbre.Core.Analysis.TrackAnalysis Analyze(AudioBuffer audio, CancellationToken cancellationToken = default) => new([1f], [1f], []);
    }
}
