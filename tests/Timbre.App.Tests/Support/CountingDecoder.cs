using System.Collections.Concurrent;
using Timbre.Core.Audio;

namespace Timbre.App.Tests.Support;

/// <summary>The real decoder, counting probes and window decodes per (path, rate).</summary>
public sealed class CountingDecoder(IAudioDecoder inner) : IAudioDecoder
{
    public ConcurrentDictionary<string, int> Probes { get; } = new();

    public ConcurrentDictionary<(string Path, int Rate), int> Decodes { get; } = new();

    public AudioBuffer Decode(string path, int targetSampleRate, CancellationToken cancellationToken = default)
    {
        Decodes.AddOrUpdate((path, targetSampleRate), 1, (_, n) => n + 1);
        return inner.Decode(path, targetSampleRate, cancellationToken);
    }

    public AudioInfo Probe(string path, CancellationToken cancellationToken = default)
    {
        Probes.AddOrUpdate(path, 1, (_, n) => n + 1);
        return inner.Probe(path, cancellationToken);
    }

    public AudioBuffer DecodeWindow(AudioInfo info, int targetSampleRate, AnalysisWindowOptions window, CancellationToken cancellationToken = default)
    {
        Decodes.AddOrUpdate((info.Path, targetSampleRate), 1, (_, n) => n + 1);
        return inner.DecodeWindow(info, targetSampleRate, window, cancellationToken);
    }
}
