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
            var mag = SpectralContrast.Magnitude(power, power.Length <= SpectralContrast.MaxStackBins ? stackalloc float[power.Length] : new float[power.Length]);
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
        var median = Median(values, double.IsNaN(sum));
        var degenerate = m2 <= 1e-12 * Math.Max(1.0, mean * mean);
        output[0] = (float)mean;
        output[1] = (float)Math.Sqrt(m2);
        output[2] = (float)min;
        output[3] = (float)max;
        output[4] = (float)median;
        output[5] = degenerate ? 0f : (float)(m3 / Math.Pow(m2, 1.5));
        output[6] = degenerate ? 0f : (float)(m4 / (m2 * m2) - 3.0);
    }

    /// <summary>
    /// The median as a full sort would give it (middle value, or the mean of the two middle values), found by
    /// selection in linear time; with NaNs present the values are sorted as before (NaN first).
    /// </summary>
    private static double Median(ReadOnlySpan<float> values, bool hasNaN)
    {
        var n = values.Length;
        var work = System.Buffers.ArrayPool<float>.Shared.Rent(n);
        try
        {
            var span = work.AsSpan(0, n);
            values.CopyTo(span);
            if (hasNaN)
            {
                span.Sort();
                return n % 2 == 1 ? span[n / 2] : 0.5 * ((double)span[n / 2 - 1] + span[n / 2]);
            }

            var upper = Select(span, n / 2);
            if (n % 2 == 1)
            {
                return upper;
            }

            // After selection every value left of n/2 is ≤ the upper middle: the lower middle is their maximum.
            var lower = span[0];
            foreach (var v in span[..(n / 2)])
            {
                lower = Math.Max(lower, v);
            }

            return 0.5 * ((double)lower + upper);
        }
        finally
        {
            System.Buffers.ArrayPool<float>.Shared.Return(work);
        }
    }

    /// <summary>Reorders <paramref name="values"/> (no NaN) so the k-th smallest is at k, smaller ones left of it; returns it.</summary>
    private static float Select(Span<float> values, int k)
    {
        int lo = 0, hi = values.Length - 1;
        while (hi > lo)
        {
            // Median of three as pivot, then Hoare partition.
            var mid = lo + (hi - lo) / 2;
            var pivot = MedianOf3(values[lo], values[mid], values[hi]);
            int i = lo, j = hi;
            while (i <= j)
            {
                while (values[i] < pivot)
                {
                    i++;
                }

                while (values[j] > pivot)
                {
                    j--;
                }

                if (i <= j)
                {
                    (values[i], values[j]) = (values[j], values[i]);
                    i++;
                    j--;
                }
            }

            if (k <= j)
            {
                hi = j;
            }
            else if (k >= i)
            {
                lo = i;
            }
            else
            {
                return values[k];
            }
        }

        return values[k];
    }

    private static float MedianOf3(float a, float b, float c) => Math.Max(Math.Min(a, b), Math.Min(Math.Max(a, b), c));
}
