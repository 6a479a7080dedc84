namespace Timbre.Dsp.Loudness;

/// <summary>Loudness and dynamics of a mono track.</summary>
/// <param name="IntegratedLufs">BS.1770 gated integrated loudness, LUFS (the absolute gate, −70, when nothing passes it).</param>
/// <param name="RangeLu">EBU Tech 3342 loudness range (LRA), LU ≥ 0 (0 when shorter than one short-term window or silent).</param>
/// <param name="ShortTermStdLu">Population std of the short-term loudness over windows above the absolute gate, LU ≥ 0.</param>
/// <param name="CrestDb">Crest factor 20·log₁₀(peak / RMS) of the raw samples, dB ≥ 0 (0 for silence; 3.01 for a sine).</param>
public sealed record LoudnessEstimate(double IntegratedLufs, double RangeLu, double ShortTermStdLu, double CrestDb);

/// <summary>EBU R128 loudness meter for mono signals at one sample rate; thread-safe.</summary>
public sealed class LoudnessMeter
{
    private readonly KWeighting _filter;

    /// <summary>Builds the K-weighting filter for <paramref name="sampleRate"/>; throws if the options are invalid.</summary>
    public LoudnessMeter(int sampleRate, LoudnessOptions? options = null)
    {
        Options = options ?? new LoudnessOptions();
        Options.Validate();
        _filter = new KWeighting(sampleRate);
    }

    /// <summary>The settings.</summary>
    public LoudnessOptions Options { get; }

    /// <summary>The sample rate, Hz.</summary>
    public int SampleRate => _filter.SampleRate;

    /// <summary>Measures <paramref name="samples"/> (mono, full scale ±1, one channel of weight 1).</summary>
    public LoudnessEstimate Measure(ReadOnlySpan<float> samples)
    {
        var o = Options;
        var step = (int)Math.Round(o.StepSeconds * SampleRate);
        var segments = _filter.SegmentEnergies(samples, step);
        var integrated = GatedLoudness(BlockPowers(segments, o.BlockSteps, step), o.AbsoluteGateLufs, o.RelativeGateLu) ?? o.AbsoluteGateLufs;
        var shortTerm = BlockPowers(segments, o.ShortTermSteps, step);
        return new LoudnessEstimate(integrated, Range(shortTerm), ShortTermStd(shortTerm), Crest(samples));
    }

    /// <summary>Loudness in LUFS of a mean-square K-weighted power: −0.691 + 10·log₁₀(power).</summary>
    public static double Lufs(double power) => -0.691 + 10.0 * Math.Log10(power);

    /// <summary>Mean-square power of each window of <paramref name="steps"/> consecutive step segments, one per step.</summary>
    private static double[] BlockPowers(double[] segments, int steps, int stepLength)
    {
        if (segments.Length < steps)
        {
            return [];
        }

        var powers = new double[segments.Length - steps + 1];
        for (var j = 0; j < powers.Length; j++)
        {
            double sum = 0;
            for (var i = j; i < j + steps; i++)
            {
                sum += segments[i];
            }

            powers[j] = sum / ((double)steps * stepLength);
        }

        return powers;
    }

    /// <summary>Mean power of the blocks above the absolute gate and above (their mean − relative gate), as LUFS; null if none.</summary>
    private static double? GatedLoudness(double[] powers, double absoluteGate, double relativeGate)
    {
        var gated = powers.Where(p => p > 0 && Lufs(p) > absoluteGate).ToArray();
        if (gated.Length == 0)
        {
            return null;
        }

        var threshold = Lufs(gated.Average()) + relativeGate;
        var kept = gated.Where(p => Lufs(p) > threshold).ToArray();
        return kept.Length == 0 ? null : Lufs(kept.Average());
    }

    private double Range(double[] shortTerm)
    {
        var o = Options;
        var gated = shortTerm.Where(p => p > 0 && Lufs(p) > o.AbsoluteGateLufs).ToArray();
        if (gated.Length == 0)
        {
            return 0;
        }

        var threshold = Lufs(gated.Average()) + o.RangeRelativeGateLu;
        var kept = gated.Where(p => Lufs(p) > threshold).Select(Lufs).Order().ToArray();
        if (kept.Length == 0)
        {
            return 0;
        }

        // Nearest rank on the sorted values, as libebur128.
        var low = kept[(int)Math.Round((kept.Length - 1) * o.RangeLowPercentile / 100.0)];
        var high = kept[(int)Math.Round((kept.Length - 1) * o.RangeHighPercentile / 100.0)];
        return high - low;
    }

    private double ShortTermStd(double[] shortTerm)
    {
        var loudness = shortTerm.Where(p => p > 0 && Lufs(p) > Options.AbsoluteGateLufs).Select(Lufs).ToArray();
        if (loudness.Length < 2)
        {
            return 0;
        }

        var mean = loudness.Average();
        return Math.Sqrt(loudness.Sum(l => (l - mean) * (l - mean)) / loudness.Length);
    }

    private static double Crest(ReadOnlySpan<float> samples)
    {
        double peak = 0, sum = 0;
        foreach (var s in samples)
        {
            peak = Math.Max(peak, Math.Abs(s));
            sum += (double)s * s;
        }

        var rms = samples.IsEmpty ? 0 : Math.Sqrt(sum / samples.Length);
        return rms <= 1e-12 || peak <= 0 ? 0 : 20.0 * Math.Log10(peak / rms);
    }
}
