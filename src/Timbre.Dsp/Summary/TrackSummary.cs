using Timbre.Dsp.Loudness;
using Timbre.Dsp.Rhythm;
using Timbre.Dsp.Tonality;

namespace Timbre.Dsp.Summary;

/// <summary>Settings of the per-track feature extraction (librosa defaults throughout).</summary>
public sealed record TrackSummaryOptions
{
    /// <summary>Sample rate of the input in Hz. Default 22050.</summary>
    public int SampleRate { get; init; } = 22050;

    /// <summary>STFT settings shared by all spectral features. Default librosa's.</summary>
    public StftOptions Stft { get; init; } = new();

    /// <summary>Version 2: MFCC delta settings. Default librosa's (width 9).</summary>
    public DeltaOptions Delta { get; init; } = new();

    /// <summary>Version 2: spectral flux settings (on the mel spectrogram). Default: unit-norm magnitudes.</summary>
    public SpectralFluxOptions Flux { get; init; } = new();

    /// <summary>Version 2: onset-strength settings (on the log-mel spectrogram). Default librosa's.</summary>
    public OnsetStrengthOptions OnsetStrength { get; init; } = new();

    /// <summary>Version 2: onset peak-picking settings. Default librosa's.</summary>
    public OnsetDetectionOptions Onsets { get; init; } = new();

    /// <summary>Version 2: tempo settings. Default librosa's, plus sub-frame refinement.</summary>
    public TempoOptions Tempo { get; init; } = new();

    /// <summary>Version 2: key settings. Default Krumhansl–Kessler profiles.</summary>
    public KeyOptions Key { get; init; } = new();

    /// <summary>Version 2: loudness settings. Default EBU R128 / Tech 3342.</summary>
    public LoudnessOptions Loudness { get; init; } = new();

    /// <summary>Throws if a setting is out of range.</summary>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Stft, nameof(Stft));
        Stft.Validate();
        ArgumentNullException.ThrowIfNull(Delta, nameof(Delta));
        Delta.Validate();
        ArgumentNullException.ThrowIfNull(Flux, nameof(Flux));
        Flux.Validate();
        ArgumentNullException.ThrowIfNull(OnsetStrength, nameof(OnsetStrength));
        OnsetStrength.Validate();
        ArgumentNullException.ThrowIfNull(Onsets, nameof(Onsets));
        Onsets.Validate();
        ArgumentNullException.ThrowIfNull(Tempo, nameof(Tempo));
        Tempo.Validate();
        ArgumentNullException.ThrowIfNull(Key, nameof(Key));
        Key.Validate();
        ArgumentNullException.ThrowIfNull(Loudness, nameof(Loudness));
        Loudness.Validate();
        if (SampleRate < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(SampleRate), SampleRate, "sample rate must be positive.");
        }
    }
}

/// <summary>All frame features of a track, each rows × frames.</summary>
public sealed record FrameFeatures(
    FeatureMatrix Mfcc,
    FeatureMatrix Chroma,
    FeatureMatrix Contrast,
    FeatureMatrix Tonnetz,
    FeatureMatrix Centroid,
    FeatureMatrix Bandwidth,
    FeatureMatrix Rolloff,
    FeatureMatrix Flatness,
    FeatureMatrix ZeroCrossingRate,
    FeatureMatrix Rms)
{
    /// <summary>The matrices in <see cref="SummaryLayout.Features"/> order.</summary>
    public IReadOnlyList<FeatureMatrix> InLayoutOrder() =>
        [Mfcc, Chroma, Contrast, Tonnetz, Centroid, Bandwidth, Rolloff, Flatness, ZeroCrossingRate, Rms];
}

/// <summary>
/// Computes a track's frame features and its summary vector (layout <see cref="SummaryLayout"/>, version
/// <see cref="FeaturesVersion.V1"/>; version 2 adds rhythm, key, loudness and MFCC deltas, see
/// <see cref="Compute(ReadOnlySpan{float}, int)"/>). Filter banks are built once per instance; thread-safe.
/// </summary>
public sealed partial class TrackSummary
{
    private readonly Stft _stft;
    private readonly Mfcc _mfcc;
    private readonly Chroma _chroma;
    private readonly SpectralContrast _contrast;
    private readonly SpectralFeatures _spectral;
    private readonly ZeroCrossingOptions _zcr;
    private readonly RmsOptions _rms;

    /// <summary>Builds all feature extractors; throws if the options are invalid.</summary>
    public TrackSummary(TrackSummaryOptions? options = null)
    {
        Options = options ?? new TrackSummaryOptions();
        Options.Validate();
        var sr = Options.SampleRate;
        var stft = Options.Stft;
        _stft = new Stft(stft);
        _mfcc = new Mfcc(new MfccOptions { Mel = new MelOptions { SampleRate = sr, Stft = stft } });
        _chroma = new Chroma(new ChromaOptions { SampleRate = sr, Stft = stft });
        _contrast = new SpectralContrast(new ContrastOptions { SampleRate = sr, Stft = stft });
        _spectral = new SpectralFeatures(new SpectralOptions { SampleRate = sr, Stft = stft });
        _zcr = new ZeroCrossingOptions { FrameLength = stft.NFft, HopLength = stft.HopLength, Center = stft.Center };
        _rms = new RmsOptions { FrameLength = stft.NFft, HopLength = stft.HopLength, Center = stft.Center, PadMode = stft.PadMode };
    }

    /// <summary>The settings.</summary>
    public TrackSummaryOptions Options { get; }

    /// <summary>
    /// Computes every frame feature from ONE short-time Fourier transform: each frame's power spectrum (and its
    /// square root, the magnitude) feeds mel/MFCC, chroma, contrast and the spectral statistics, with the same
    /// per-frame arithmetic as the features' own <c>Compute</c> methods (so results are identical).
    /// </summary>
    public FrameFeatures ComputeFrames(ReadOnlySpan<float> samples) => RunPass(samples, null);

    /// <summary>
    /// The single STFT pass behind <see cref="ComputeFrames"/>; when <paramref name="extra"/> is given it also
    /// receives the spectral flux (from the mel power, before the dB conversion) and the log-mel dB spectrogram.
    /// </summary>
    private FrameFeatures RunPass(ReadOnlySpan<float> samples, MelByproducts? extra)
    {
        var frames = _stft.FrameCount(samples.Length);
        var mel = new FeatureMatrix(_mfcc.Options.Mel.NMels, frames);
        var chroma = new FeatureMatrix(_chroma.Options.NChroma, frames);
        var peak = new FeatureMatrix(_contrast.Options.NBands + 1, frames);
        var valley = new FeatureMatrix(_contrast.Options.NBands + 1, frames);
        var s = SpectralFeatures.Allocate(frames);
        var melStage = _mfcc.Mel;
        _stft.ForEachFrame(samples, (t, power) =>
        {
            var mag = SpectralContrast.Magnitude(power, power.Length <= SpectralContrast.MaxStackBins ? stackalloc double[power.Length] : new double[power.Length]);
            melStage.StoreFrame(t, power, mel);
            _chroma.StoreFrame(t, power, chroma);
            _contrast.StoreFrame(t, mag, peak, valley);
            _spectral.StoreFrame(t, power, mag, s);
        });
        if (extra is not null)
        {
            extra.Flux = SpectralFlux.Compute(mel, Options.Flux);
            extra.LogMel = mel; // FromMel converts it to dB in place
        }

        return new FrameFeatures(
            _mfcc.FromMel(mel),
            chroma,
            _contrast.Finish(peak, valley),
            Dsp.Tonnetz.FromChroma(chroma),
            new FeatureMatrix(1, s.Centroid.Length, s.Centroid),
            new FeatureMatrix(1, s.Bandwidth.Length, s.Bandwidth),
            new FeatureMatrix(1, s.Rolloff.Length, s.Rolloff),
            new FeatureMatrix(1, s.Flatness.Length, s.Flatness),
            TimeDomainFeatures.ZeroCrossingRate(samples, _zcr),
            TimeDomainFeatures.Rms(samples, _rms));
    }

    /// <summary>The summary vector of length <see cref="SummaryLayout.FeatureCount"/>.</summary>
    public float[] Compute(ReadOnlySpan<float> samples) => Summarize(ComputeFrames(samples));

    /// <summary>Summarises already computed frame features.</summary>
    public static float[] Summarize(FrameFeatures frames)
    {
        ArgumentNullException.ThrowIfNull(frames);
        var result = new float[SummaryLayout.FeatureCount];
        var i = 0;
        var matrices = frames.InLayoutOrder();
        for (var f = 0; f < matrices.Count; f++)
        {
            var m = matrices[f];
            if (m.Rows != SummaryLayout.Features[f].Rows)
            {
                throw new ArgumentException($"Feature {SummaryLayout.Features[f].Name} has {m.Rows} rows, expected {SummaryLayout.Features[f].Rows}.");
            }

            for (var r = 0; r < m.Rows; r++)
            {
                Statistics(m.Row(r), result.AsSpan(i, 7));
                i += 7;
            }
        }

        return result;
    }

    /// <summary>Writes mean, std, min, max, median, skew, kurtosis of <paramref name="values"/> into 7 slots.</summary>
    public static void Statistics(ReadOnlySpan<float> values, Span<float> output)
    {
        if (values.IsEmpty)
        {
            throw new ArgumentException("Cannot summarise zero frames.", nameof(values));
        }

        var n = values.Length;
        double sum = 0, min = double.PositiveInfinity, max = double.NegativeInfinity;
        foreach (var v in values)
        {
            sum += v;
            min = Math.Min(min, v);
            max = Math.Max(max, v);
        }

        var mean = sum / n;
        double m2 = 0, m3 = 0, m4 = 0;
        foreach (var v in values)
        {
            var d = v - mean;
            var d2 = d * d;
            m2 += d2;
            m3 += d2 * d;
            m4 += d2 * d2;
        }

        m2 /= n;
        m3 /= n;
        m4 /= n;
        var sorted = values.ToArray();
        Array.Sort(sorted);
        var median = n % 2 == 1 ? sorted[n / 2] : 0.5 * ((double)sorted[n / 2 - 1] + sorted[n / 2]);
        var degenerate = m2 <= 1e-12 * Math.Max(1.0, mean * mean);
        output[0] = (float)mean;
        output[1] = (float)Math.Sqrt(m2);
        output[2] = (float)min;
        output[3] = (float)max;
        output[4] = (float)median;
        output[5] = degenerate ? 0f : (float)(m3 / Math.Pow(m2, 1.5));
        output[6] = degenerate ? 0f : (float)(m4 / (m2 * m2) - 3.0);
    }
}
