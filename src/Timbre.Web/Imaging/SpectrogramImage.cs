using Timbre.Reporting;
using Timbre.Web.Backend;

namespace Timbre.Web.Imaging;

/// <summary>
/// Draws a dB spectrogram as a PNG with Timbre.Reporting's plot (the CLI's <c>features --png</c> look): time in
/// seconds across, frequency upwards labelled in Hz/kHz at the mel bands' centres, and a dB colour bar spanning
/// <see cref="RangeDb"/> below the loudest cell.
/// </summary>
internal static class SpectrogramImage
{
    /// <summary>Dynamic range shown, in dB below the loudest cell.</summary>
    public const float RangeDb = 80f;

    public static byte[] Render(Spectrogram spectrogram, int width, int height)
    {
        var (frames, bins) = (Math.Max(spectrogram.Frames, 1), Math.Max(spectrogram.Bins, 1));
        var bandMajor = new float[frames * bins];
        if (spectrogram.Values.Length == spectrogram.Frames * spectrogram.Bins && spectrogram.Values.Length > 0)
        {
            for (var f = 0; f < frames; f++)
            {
                for (var b = 0; b < bins; b++)
                {
                    bandMajor[(b * frames) + f] = spectrogram.Values[(f * bins) + b];
                }
            }
        }

        var hasHz = spectrogram.BandHz is { Count: > 1 } hz && hz.Count == bins;
        var options = new SpectrogramPlotOptions(1, 1, Title: "", RowAxisLabel: hasHz ? "Frequency (mel scale)" : "Band")
        {
            DurationSeconds = spectrogram.Seconds > 0 ? spectrogram.Seconds : frames,
            RowFrequenciesHz = hasHz ? spectrogram.BandHz : null,
            RangeDb = RangeDb,
        };
        return SpectrogramPlot.RenderPng(bandMajor, bins, frames, options, new PlotOptions(width, height));
    }
}
