using Timbre.Core.Analysis;
using Timbre.Core.Audio;

namespace Timbre.Cluster.Tests;

/// <summary>The synthetic catalogs' analysis set (summary@1); analyses any audio as <paramref name="upload"/> when given.</summary>
internal sealed class SyntheticSetAnalyzer(float[]? upload = null) : ITrackAnalyzer
{
    public string ModelId => "summary";

    public int FeatureVersion => 1;

    public int SampleRate => 22050;

    public IReadOnlyList<string> GenreLabels => [];

    public TrackAnalysis Analyze(AudioBuffer audio, CancellationToken cancellationToken = default) =>
        new(upload ?? throw new NotSupportedException(), [], []);
}
