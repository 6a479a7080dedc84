namespace Timbre.Core.Audio;

/// <summary>What <see cref="IAudioDecoder.ProbeAndDecodeWindow"/> returns: the file's description and its decoded analysis window.</summary>
/// <param name="Info">What the file says about itself (as <see cref="IAudioDecoder.Probe"/> gives it).</param>
/// <param name="Audio">The analysis window, mono at the requested rate.</param>
public sealed record ProbedWindow(AudioInfo Info, AudioBuffer Audio);
