namespace Timbre.Dsp;

/// <summary>Spectral flux per frame of a power or mel-power spectrogram; stateless.</summary>
public static class SpectralFlux
{
    /// <summary>
    /// Flux of each frame of <paramref name="power"/> (bins × frames, power units such as |X|² or a mel spectrogram):
    /// the L2 distance between the frame's magnitude spectrum √P and the previous frame's (frame 0 has flux 0). With
    /// <see cref="SpectralFluxOptions.Normalize"/>, the result is in [0, √2]: 0 for a steady sound, √2 for a switch
    /// between two spectra with no bin in common, 1 between a sound and silence.
    /// </summary>
    public static FeatureMatrix Compute(FeatureMatrix power, SpectralFluxOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(power);
        options ??= new SpectralFluxOptions();
        options.Validate();
        var bins = power.Rows;
        var frames = power.Cols;
        var result = new FeatureMatrix(1, frames);
        var previous = new double[bins];
        var current = new double[bins];
        var data = power.Data;
        for (var t = 0; t < frames; t++)
        {
            double norm = 0;
            for (var k = 0; k < bins; k++)
            {
                var m = Math.Sqrt(Math.Max(0.0, data[k * frames + t]));
                current[k] = m;
                norm += m * m;
            }

            norm = Math.Sqrt(norm);
            var scale = !options.Normalize ? 1.0 : norm > options.SilenceNorm ? 1.0 / norm : 0.0;
            double flux = 0;
            for (var k = 0; k < bins; k++)
            {
                current[k] *= scale;
                var d = current[k] - previous[k];
                if (!options.HalfRectify || d > 0)
                {
                    flux += d * d;
                }
            }

            result.Data[t] = t == 0 ? 0f : (float)Math.Sqrt(flux);
            (previous, current) = (current, previous);
        }

        return result;
    }
}
