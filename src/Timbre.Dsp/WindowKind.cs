namespace Timbre.Dsp;

/// <summary>Analysis window shapes.</summary>
public enum WindowKind
{
    /// <summary>Periodic Hann, w[i] = 0.5 − 0.5·cos(2πi/N) (scipy <c>get_window("hann", N)</c>, torch <c>hann_window(N)</c>).</summary>
    Hann,

    /// <summary>Periodic Hamming, w[i] = 0.54 − 0.46·cos(2πi/N).</summary>
    Hamming,

    /// <summary>All ones.</summary>
    Rectangular,
}
