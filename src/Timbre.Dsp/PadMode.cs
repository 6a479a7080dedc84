namespace Timbre.Dsp;

/// <summary>How a signal is extended at both ends when frames are centred.</summary>
public enum PadMode
{
    /// <summary>Zeros (librosa ≥ 0.10's default for <c>stft</c>, <c>melspectrogram</c>, <c>rms</c>).</summary>
    Constant,

    /// <summary>Mirror without repeating the edge sample (numpy/torch "reflect"; torchaudio's default).</summary>
    Reflect,

    /// <summary>Repeat the edge sample (numpy "edge"; librosa's zero-crossing rate always uses this).</summary>
    Edge,
}
