namespace Timbre.Dsp;

/// <summary>
/// Tonal centroid features (Harte et al. 2006) as librosa's <c>feature.tonnetz</c>: each chroma frame is
/// L1-normalised and projected onto 6 dimensions — fifths (sin, cos; radius 1), minor thirds (radius 1),
/// major thirds (radius 0.5). Unlike librosa (which defaults to CQT chroma) the input here is STFT chroma.
/// </summary>
public static class Tonnetz
{
    private const double Tiny = 1.1754943508222875e-38;

    /// <summary>Tonnetz, 6 × frames, from a chromagram with any number of bins per octave.</summary>
    public static FeatureMatrix FromChroma(FeatureMatrix chroma)
    {
        ArgumentNullException.ThrowIfNull(chroma);
        if (chroma.Rows < 1)
        {
            throw new ArgumentException("Chroma must have at least one row.", nameof(chroma));
        }

        var nc = chroma.Rows;
        double[] scale = [7.0 / 6, 7.0 / 6, 3.0 / 2, 3.0 / 2, 2.0 / 3, 2.0 / 3];
        double[] radius = [1, 1, 1, 1, 0.5, 0.5];
        var phi = new double[6 * nc];
        for (var p = 0; p < 6; p++)
        {
            for (var c = 0; c < nc; c++)
            {
                var v = scale[p] * (12.0 * c / nc);
                if (p % 2 == 0)
                {
                    v -= 0.5;
                }

                phi[p * nc + c] = radius[p] * Math.Cos(Math.PI * v);
            }
        }

        var frames = chroma.Cols;
        var result = new FeatureMatrix(6, frames);
        var column = new double[nc];
        for (var t = 0; t < frames; t++)
        {
            var l1 = 0.0;
            for (var c = 0; c < nc; c++)
            {
                column[c] = chroma.Data[c * frames + t];
                l1 += Math.Abs(column[c]);
            }

            var inv = l1 < Tiny ? 1.0 : 1.0 / l1;
            for (var p = 0; p < 6; p++)
            {
                var sum = 0.0;
                for (var c = 0; c < nc; c++)
                {
                    sum += phi[p * nc + c] * column[c];
                }

                result.Data[p * frames + t] = (float)(sum * inv);
            }
        }

        return result;
    }
}
