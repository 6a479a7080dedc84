namespace Timbre.Dsp;

/// <summary>
/// Constant-Q transform settings. Defaults are librosa's <c>cqt</c> (0.10): sr 22050, hop 512, fmin = C1 ≈ 32.70 Hz,
/// 84 bins at 12 per octave, filter_scale 1, tuning 0, L1-normalised Hann filters, sparsity 0.01, outputs scaled by
/// 1/√(filter length) (<c>scale=True</c>), centred frames padded with zeros (<c>pad_mode="constant"</c>).
/// </summary>
public sealed record ConstantQOptions
{
    /// <summary>C1 in Hz (MIDI 24, A4 = 440 Hz).</summary>
    public const double C1 = 32.703195662574829;

    /// <summary>Sample rate in Hz. Default 22050.</summary>
    public int SampleRate { get; init; } = 22050;

    /// <summary>Samples between successive frames (≥ 1). Default 512.</summary>
    public int HopLength { get; init; } = 512;

    /// <summary>Centre frequency of the lowest bin in Hz (&gt; 0). Default C1 ≈ 32.70 Hz.</summary>
    public double Fmin { get; init; } = C1;

    /// <summary>Number of bins (n_bins, ≥ 1). Default 84 (7 octaves).</summary>
    public int BinCount { get; init; } = 84;

    /// <summary>Bins per octave (≥ 1). Default 12.</summary>
    public int BinsPerOctave { get; init; } = 12;

    /// <summary>Tuning offset in fractions of a bin, in [−0.5, 0.5); fmin is multiplied by 2^(tuning/bpo). Default 0.</summary>
    public double Tuning { get; init; }

    /// <summary>Filter length multiplier (&gt; 0); Q = filter_scale / α with α = (r² − 1)/(r² + 1), r = 2^(1/bpo). Default 1.</summary>
    public double FilterScale { get; init; } = 1.0;

    /// <summary>Norm each filter is divided by: 1 (default), 2, … or ∞; null leaves filters unnormalised.</summary>
    public double? Norm { get; init; } = 1.0;

    /// <summary>Fraction of each frequency-domain filter's L1 mass discarded (librosa <c>sparsify_rows</c>), in [0, 1). Default 0.01.</summary>
    public double Sparsity { get; init; } = 0.01;

    /// <summary>Filter window. Default Hann (periodic, as scipy's <c>get_window</c>).</summary>
    public WindowKind Window { get; init; } = WindowKind.Hann;

    /// <summary>If true (default), bin k is divided by √(filter length_k) (librosa <c>scale=True</c>).</summary>
    public bool Scale { get; init; } = true;

    /// <summary>Padding of the centred frames. Default <see cref="PadMode.Constant"/> (librosa's cqt default).</summary>
    public PadMode PadMode { get; init; } = PadMode.Constant;

    /// <summary>Relative bandwidth α = (r² − 1)/(r² + 1), r = 2^(1/bpo) (librosa <c>__bpo_to_alpha</c>).</summary>
    public double Alpha
    {
        get
        {
            var r2 = Math.Pow(2.0, 2.0 / BinsPerOctave);
            return (r2 - 1) / (r2 + 1);
        }
    }

    /// <summary>Quality factor Q = filter_scale / α.</summary>
    public double Q => FilterScale / Alpha;

    /// <summary>Equivalent noise bandwidth of the window in bins (librosa <c>WINDOW_BANDWIDTHS</c>).</summary>
    public double WindowBandwidth => Window switch
    {
        WindowKind.Hann => 1.50018310546875,
        WindowKind.Hamming => 1.3629455320350348,
        _ => 1.0,
    };

    /// <summary>Centre frequency of bin k: fmin·2^(tuning/bpo)·2^(k/bpo).</summary>
    public double Frequency(int bin) => Fmin * Math.Pow(2.0, (Tuning + bin) / BinsPerOctave);

    /// <summary>Highest frequency reached by the top filter: f_top·(1 + ½·bandwidth/Q).</summary>
    public double CutoffFrequency => Frequency(BinCount - 1) * (1 + 0.5 * WindowBandwidth / Q);

    /// <summary>Throws if a setting is out of range (including a top filter reaching above Nyquist).</summary>
    public void Validate()
    {
        if (SampleRate < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(SampleRate), SampleRate, "sample rate must be positive.");
        }

        if (HopLength < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(HopLength), HopLength, "hop_length must be at least 1.");
        }

        if (!(Fmin > 0) || double.IsInfinity(Fmin))
        {
            throw new ArgumentOutOfRangeException(nameof(Fmin), Fmin, "fmin must be a positive finite frequency.");
        }

        if (BinCount < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(BinCount), BinCount, "n_bins must be at least 1.");
        }

        if (BinsPerOctave < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(BinsPerOctave), BinsPerOctave, "bins_per_octave must be at least 1.");
        }

        if (!(Tuning >= -0.5 && Tuning < 0.5))
        {
            throw new ArgumentOutOfRangeException(nameof(Tuning), Tuning, "tuning must be in [−0.5, 0.5).");
        }

        if (!(FilterScale > 0) || double.IsInfinity(FilterScale))
        {
            throw new ArgumentOutOfRangeException(nameof(FilterScale), FilterScale, "filter_scale must be positive.");
        }

        if (Norm is { } n && !(n >= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(Norm), n, "norm must be ≥ 1 (or ∞).");
        }

        if (!(Sparsity >= 0 && Sparsity < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(Sparsity), Sparsity, "sparsity must be in [0, 1).");
        }

        if (!Enum.IsDefined(Window))
        {
            throw new ArgumentOutOfRangeException(nameof(Window), Window, "Unknown window kind.");
        }

        if (!Enum.IsDefined(PadMode))
        {
            throw new ArgumentOutOfRangeException(nameof(PadMode), PadMode, "Unknown pad mode.");
        }

        var nyquist = SampleRate / 2.0;
        if (CutoffFrequency > nyquist)
        {
            throw new ArgumentOutOfRangeException(
                nameof(BinCount),
                BinCount,
                $"The top CQT filter (bin {BinCount - 1} at {Frequency(BinCount - 1):F1} Hz) reaches {CutoffFrequency:F1} Hz, above the Nyquist frequency {nyquist:F1} Hz; use fewer bins or a lower fmin.");
        }
    }
}
