namespace Timbre.Dsp.Tonality;

/// <summary>Mode of a key.</summary>
public enum KeyMode
{
    /// <summary>No key: the chroma is flat (e.g. silence or white noise).</summary>
    None = 0,

    /// <summary>Major.</summary>
    Major = 1,

    /// <summary>Minor.</summary>
    Minor = 2,
}

/// <summary>A track's key.</summary>
/// <param name="Tonic">Pitch class of the tonic, 0 = C … 11 = B (0 when <see cref="Mode"/> is None).</param>
/// <param name="Mode">Major, minor, or None when the chroma is flat.</param>
/// <param name="Clarity">The best Pearson correlation with a key profile, in [−1, 1] (0 when Mode is None).</param>
public sealed record KeyEstimate(int Tonic, KeyMode Mode, double Clarity)
{
    private static readonly string[] Names = ["C", "C#", "D", "Eb", "E", "F", "F#", "G", "Ab", "A", "Bb", "B"];

    /// <summary>
    /// Angle of the tonic on the circle of fifths, radians (C = 0, G = π/6, …), so that keys a fifth apart are
    /// neighbours: sin and cos of it place the tonic on a circle where distance makes musical sense.
    /// </summary>
    public double FifthsAngle => 2 * Math.PI * (7 * Tonic % 12) / 12.0;

    /// <summary>E.g. "Eb major", "A minor" or "none".</summary>
    public override string ToString() => Mode == KeyMode.None ? "none" : $"{Names[Tonic]} {(Mode == KeyMode.Major ? "major" : "minor")}";
}

/// <summary>Key and mode from chroma by the Krumhansl–Schmuckler algorithm; thread-safe.</summary>
public sealed class KeyEstimator
{
    /// <summary>Builds the estimator; throws if the options are invalid.</summary>
    public KeyEstimator(KeyOptions? options = null)
    {
        Options = options ?? new KeyOptions();
        Options.Validate();
    }

    /// <summary>The settings.</summary>
    public KeyOptions Options { get; }

    /// <summary>The key of a chroma matrix (12 rows C … B × frames), from its mean over frames.</summary>
    public KeyEstimate Estimate(FeatureMatrix chroma)
    {
        ArgumentNullException.ThrowIfNull(chroma);
        if (chroma.Rows != 12)
        {
            throw new ArgumentException($"Chroma must have 12 rows, got {chroma.Rows}.", nameof(chroma));
        }

        var mean = new double[12];
        for (var p = 0; p < 12; p++)
        {
            double sum = 0;
            foreach (var v in chroma.Row(p))
            {
                sum += v;
            }

            mean[p] = chroma.Cols == 0 ? 0 : sum / chroma.Cols;
        }

        return Estimate(mean);
    }

    /// <summary>The key of a 12-bin pitch-class profile (C … B).</summary>
    public KeyEstimate Estimate(ReadOnlySpan<double> pitchClasses)
    {
        if (pitchClasses.Length != 12)
        {
            throw new ArgumentException($"A pitch-class profile has 12 values, got {pitchClasses.Length}.", nameof(pitchClasses));
        }

        var best = new KeyEstimate(0, KeyMode.None, 0);
        var bestR = double.NegativeInfinity;
        var rotated = new double[12];
        foreach (var (profile, mode) in new[] { (Options.MajorProfile, KeyMode.Major), (Options.MinorProfile, KeyMode.Minor) })
        {
            for (var tonic = 0; tonic < 12; tonic++)
            {
                for (var p = 0; p < 12; p++)
                {
                    rotated[p] = profile[((p - tonic) % 12 + 12) % 12];
                }

                var r = Pearson(pitchClasses, rotated);
                if (r is { } value && value > bestR)
                {
                    bestR = value;
                    best = new KeyEstimate(tonic, mode, value);
                }
            }
        }

        return best;
    }

    private static double? Pearson(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        double mx = 0, my = 0;
        for (var i = 0; i < x.Length; i++)
        {
            mx += x[i];
            my += y[i];
        }

        mx /= x.Length;
        my /= y.Length;
        double sxy = 0, sxx = 0, syy = 0;
        for (var i = 0; i < x.Length; i++)
        {
            var dx = x[i] - mx;
            var dy = y[i] - my;
            sxy += dx * dy;
            sxx += dx * dx;
            syy += dy * dy;
        }

        return sxx <= 1e-12 * Math.Max(1.0, mx * mx) || syy <= 0 ? null : sxy / Math.Sqrt(sxx * syy);
    }
}
