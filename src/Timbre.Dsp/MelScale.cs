namespace Timbre.Dsp;

/// <summary>Hz ↔ mel conversion formula.</summary>
public enum MelScale
{
    /// <summary>Slaney's Auditory Toolbox scale: linear below 1 kHz (200/3 Hz per mel), logarithmic above (librosa default).</summary>
    Slaney,

    /// <summary>HTK: mel = 2595·log10(1 + f/700).</summary>
    Htk,
}

/// <summary>Mel filter normalisation.</summary>
public enum MelNorm
{
    /// <summary>Peak 1 triangles (librosa <c>norm=None</c>).</summary>
    None,

    /// <summary>Slaney area normalisation: each triangle scaled by 2 / (upper − lower edge in Hz) (librosa default).</summary>
    Slaney,
}

/// <summary>Hz ↔ mel conversions, identical to librosa's <c>hz_to_mel</c> / <c>mel_to_hz</c>.</summary>
public static class MelConversions
{
    private const double FSp = 200.0 / 3.0;
    private const double MinLogHz = 1000.0;
    private const double MinLogMel = MinLogHz / FSp;
    private static readonly double LogStep = Math.Log(6.4) / 27.0;

    /// <summary>Converts a frequency in Hz to mels.</summary>
    public static double HzToMel(double hz, MelScale scale) => scale switch
    {
        MelScale.Htk => 2595.0 * Math.Log10(1.0 + hz / 700.0),
        _ => hz >= MinLogHz ? MinLogMel + Math.Log(hz / MinLogHz) / LogStep : hz / FSp,
    };

    /// <summary>Converts mels to a frequency in Hz.</summary>
    public static double MelToHz(double mel, MelScale scale) => scale switch
    {
        MelScale.Htk => 700.0 * (Math.Pow(10.0, mel / 2595.0) - 1.0),
        _ => mel >= MinLogMel ? MinLogHz * Math.Exp(LogStep * (mel - MinLogMel)) : FSp * mel,
    };
}
