namespace Timbre.Core.Audio;

/// <summary>Mono PCM samples in [-1, 1] at a known sample rate.</summary>
/// <param name="Samples">The samples, one channel.</param>
/// <param name="SampleRate">Samples per second (Hz), positive.</param>
public sealed record AudioBuffer(float[] Samples, int SampleRate)
{
    /// <summary>Duration in seconds.</summary>
    public double DurationSeconds => SampleRate > 0 ? (double)Samples.Length / SampleRate : 0;
}
