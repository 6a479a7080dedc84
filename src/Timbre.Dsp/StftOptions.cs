namespace Timbre.Dsp;

/// <summary>
/// Short-time Fourier transform settings. Defaults are librosa's: n_fft 2048, hop 512, win_length = n_fft,
/// periodic Hann, centred frames padded with zeros (librosa ≥ 0.10 uses <see cref="PadMode.Constant"/>;
/// torchaudio defaults to <see cref="PadMode.Reflect"/>).
/// </summary>
public sealed record StftOptions
{
    /// <summary>FFT size in samples (≥ 2). Default 2048.</summary>
    public int NFft { get; init; } = 2048;

    /// <summary>Samples between successive frames (≥ 1). Default 512.</summary>
    public int HopLength { get; init; } = 512;

    /// <summary>Window length (1 … NFft); null means NFft. The window is centred in the FFT frame.</summary>
    public int? WinLength { get; init; }

    /// <summary>Window shape. Default periodic Hann.</summary>
    public WindowKind Window { get; init; } = WindowKind.Hann;

    /// <summary>If true (default), frame t is centred on sample t·hop: the signal is padded by NFft/2 on both sides.</summary>
    public bool Center { get; init; } = true;

    /// <summary>Padding used when <see cref="Center"/> is true. Default <see cref="PadMode.Constant"/> (librosa ≥ 0.10).</summary>
    public PadMode PadMode { get; init; } = PadMode.Constant;

    /// <summary>If true, frames are processed on all cores (results are identical). Default false.</summary>
    public bool Parallel { get; init; }

    /// <summary>
    /// If true, frames are transformed in float (about 3× faster than double; power-of-two NFft ≥ 64 on AVX-512,
    /// otherwise double is used): bins more than about 120 dB below a frame's loudest come out as float rounding noise
    /// instead of their exact values, which moves features of pure synthetic tones (bandwidth, contrast valleys) but
    /// hardly those of recorded music. Default false (double, as the librosa/torchaudio comparisons assume).
    /// </summary>
    public bool SinglePrecisionFft { get; init; }

    /// <summary>Effective window length.</summary>
    public int EffectiveWinLength => WinLength ?? NFft;

    /// <summary>Number of frequency bins, NFft/2 + 1.</summary>
    public int BinCount => NFft / 2 + 1;

    /// <summary>Throws if a setting is out of range.</summary>
    public void Validate()
    {
        if (NFft < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(NFft), NFft, "n_fft must be at least 2.");
        }

        if (HopLength < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(HopLength), HopLength, "hop_length must be at least 1.");
        }

        if (WinLength is { } w && (w < 1 || w > NFft))
        {
            throw new ArgumentOutOfRangeException(nameof(WinLength), w, $"win_length must be in 1 … n_fft ({NFft}).");
        }

        if (!Enum.IsDefined(Window))
        {
            throw new ArgumentOutOfRangeException(nameof(Window), Window, "Unknown window kind.");
        }

        if (!Enum.IsDefined(PadMode))
        {
            throw new ArgumentOutOfRangeException(nameof(PadMode), PadMode, "Unknown pad mode.");
        }
    }
}
