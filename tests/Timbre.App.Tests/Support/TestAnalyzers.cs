using Timbre.Core.Analysis;
using Timbre.Core.Audio;

namespace Timbre.App.Tests.Support;

/// <summary>A small deterministic analyzer: mean and RMS of the samples, one genre; counts its calls.</summary>
public sealed class MomentsAnalyzer(string modelId, int sampleRate, int featureVersion = 1) : ITrackAnalyzer
{
    private int _calls;

    public string ModelId => modelId;

    public int FeatureVersion => featureVersion;

    public int SampleRate => sampleRate;

    public IReadOnlyList<string> GenreLabels { get; } = ["tone"];

    public int Calls => Volatile.Read(ref _calls);

    public TrackAnalysis Analyze(AudioBuffer audio, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _calls);
        var s = audio.Samples;
        var mean = s.Length == 0 ? 0 : s.Average();
        var rms = s.Length == 0 ? 0 : MathF.Sqrt(s.Select(x => x * x).Average());
        return new TrackAnalysis([mean, rms, audio.SampleRate], [1f], []);
    }
}

/// <summary>An analyzer that always throws, as a broken model would.</summary>
public sealed class BrokenAnalyzer(int sampleRate) : ITrackAnalyzer
{
    public string ModelId => "broken";

    public int FeatureVersion => 1;

    public int SampleRate => sampleRate;

    public IReadOnlyList<string> GenreLabels { get; } = [];

    public TrackAnalysis Analyze(AudioBuffer audio, CancellationToken cancellationToken = default) =>
        throw new InvalidOperationException("the model fell over");
}
