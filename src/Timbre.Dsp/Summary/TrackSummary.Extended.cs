using Timbre.Dsp.Loudness;
using Timbre.Dsp.Rhythm;
using Timbre.Dsp.Tonality;

namespace Timbre.Dsp.Summary;

/// <summary>Everything version 2 of the summary is made of.</summary>
/// <param name="Frames">The version 1 frame features.</param>
/// <param name="MfccDelta">First-order MFCC deltas, 20 × frames.</param>
/// <param name="Flux">Spectral flux of the unit-norm mel magnitudes, 1 × frames.</param>
/// <param name="OnsetStrength">Onset-strength envelope, one value per frame (dB per frame).</param>
/// <param name="Onsets">Frame indices of the detected onsets.</param>
/// <param name="DurationSeconds">Length of the audio, seconds.</param>
/// <param name="Tempo">Tempo and beat strength.</param>
/// <param name="Key">Key, mode and clarity.</param>
/// <param name="Loudness">Integrated loudness, loudness range and dynamics.</param>
public sealed record TrackFeatures(
    FrameFeatures Frames,
    FeatureMatrix MfccDelta,
    FeatureMatrix Flux,
    float[] OnsetStrength,
    int[] Onsets,
    double DurationSeconds,
    TempoEstimate Tempo,
    KeyEstimate Key,
    LoudnessEstimate Loudness)
{
    /// <summary>Onsets per second.</summary>
    public double OnsetRate => DurationSeconds > 0 ? Onsets.Length / DurationSeconds : 0;
}

/// <summary>Version 2 of the summary: the same STFT pass plus rhythm, key, MFCC deltas and a K-weighted loudness pass.</summary>
public sealed partial class TrackSummary
{
    private TempoEstimator? _tempo;
    private KeyEstimator? _key;
    private LoudnessMeter? _loudness;

    /// <summary>The summary vector of <paramref name="version"/> (<see cref="SummaryLayout.FeatureCountOf"/> values).</summary>
    public float[] Compute(ReadOnlySpan<float> samples, int version) =>
        FeaturesVersion.Validate(version) == FeaturesVersion.V1 ? Compute(samples) : Summarize(ComputeTrackFeatures(samples));

    /// <summary>
    /// All features of version 2 from one STFT pass (mel, chroma, magnitudes as in <see cref="ComputeFrames"/>;
    /// flux from the mel power; onset strength from the log-mel dB; deltas from the MFCC; key from the chroma;
    /// tempo and onsets from the onset strength) plus one K-weighted time-domain pass for loudness. Throws
    /// <see cref="ArgumentException"/> when the audio has fewer STFT frames than the delta window (9 by default,
    /// about 0.19 s at 22050 Hz with a 512 hop).
    /// </summary>
    public TrackFeatures ComputeTrackFeatures(ReadOnlySpan<float> samples)
    {
        var byproducts = new MelByproducts();
        var frames = RunPass(samples, byproducts);
        var sr = Options.SampleRate;
        var stft = Options.Stft;
        var frameRate = (double)sr / stft.HopLength;
        var delta = Deltas.Compute(frames.Mfcc, Options.Delta);
        var onset = Rhythm.OnsetStrength.FromLogMel(byproducts.LogMel!, stft.NFft, stft.HopLength, Options.OnsetStrength);
        var onsets = OnsetDetection.Detect(onset, frameRate, Options.Onsets);
        var tempo = LazyInitializer.EnsureInitialized(ref _tempo, () => new TempoEstimator(Options.Tempo)).Estimate(onset, frameRate);
        var key = LazyInitializer.EnsureInitialized(ref _key, () => new KeyEstimator(Options.Key)).Estimate(frames.Chroma);
        var loudness = LazyInitializer.EnsureInitialized(ref _loudness, () => new LoudnessMeter(sr, Options.Loudness)).Measure(samples);
        return new TrackFeatures(frames, delta, byproducts.Flux!, onset, onsets, (double)samples.Length / sr, tempo, key, loudness);
    }

    /// <summary>The version 2 summary vector (layout <see cref="SummaryLayout.DimensionsV2"/>) of computed features.</summary>
    public static float[] Summarize(TrackFeatures features)
    {
        ArgumentNullException.ThrowIfNull(features);
        var v1 = Summarize(features.Frames);
        var result = new float[SummaryLayout.FeatureCountOf(FeaturesVersion.V2)];
        v1.CopyTo(result, 0);
        var i = v1.Length;
        Span<float> stats = stackalloc float[7];
        var delta = features.MfccDelta;
        for (var r = 0; r < delta.Rows; r++)
        {
            Statistics(delta.Row(r), stats);
            result[i++] = stats[1];
            result[i++] = stats[6];
        }

        Statistics(features.Flux.Row(0), result.AsSpan(i, 7));
        i += 7;
        Statistics(features.OnsetStrength, stats);
        result[i++] = stats[0];
        result[i++] = stats[1];
        result[i++] = (float)features.OnsetRate;
        var tempo = features.Tempo;
        result[i++] = (float)tempo.Bpm;
        result[i++] = (float)tempo.PeakStrength;
        result[i++] = (float)tempo.PeakContrast;
        var key = features.Key;
        var hasKey = key.Mode != KeyMode.None;
        result[i++] = hasKey ? (float)Math.Sin(key.FifthsAngle) : 0f;
        result[i++] = hasKey ? (float)Math.Cos(key.FifthsAngle) : 0f;
        result[i++] = key.Mode switch { KeyMode.Major => 1f, KeyMode.Minor => -1f, _ => 0f };
        result[i++] = (float)key.Clarity;
        var loudness = features.Loudness;
        result[i++] = (float)loudness.IntegratedLufs;
        result[i++] = (float)loudness.RangeLu;
        result[i++] = (float)loudness.ShortTermStdLu;
        result[i++] = (float)loudness.CrestDb;
        if (i != result.Length)
        {
            throw new InvalidOperationException($"Version 2 summary filled {i} of {result.Length} values; the layout and the code disagree.");
        }

        return result;
    }

    /// <summary>What the STFT pass hands to version 2 besides the frame features.</summary>
    private sealed class MelByproducts
    {
        public FeatureMatrix? Flux { get; set; }

        public FeatureMatrix? LogMel { get; set; }
    }
}
