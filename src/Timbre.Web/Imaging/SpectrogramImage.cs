using Timbre.Web.Backend;

namespace Timbre.Web.Imaging;

/// <summary>Draws a dB spectrogram as a PNG: time left to right, low frequencies at the bottom, an 80 dB range.</summary>
internal static class SpectrogramImage
{
    /// <summary>Dynamic range shown, in dB below the loudest cell.</summary>
    public const float RangeDb = 80f;

    // A dark-blue → purple → orange → pale-yellow ramp (perceptually ordered, readable in grey).
    private static readonly (float At, byte R, byte G, byte B)[] Stops =
    [
        (0.00f, 8, 8, 24),
        (0.25f, 60, 15, 110),
        (0.50f, 170, 45, 105),
        (0.75f, 245, 125, 40),
        (1.00f, 252, 250, 190),
    ];

    public static byte[] Render(Spectrogram spectrogram, int width, int height)
    {
        var rgb = new byte[width * height * 3];
        var values = spectrogram.Values;
        if (spectrogram.Frames > 0 && spectrogram.Bins > 0 && values.Length == spectrogram.Frames * spectrogram.Bins)
        {
            var top = float.NegativeInfinity;
            foreach (var v in values)
            {
                if (float.IsFinite(v) && v > top)
                {
                    top = v;
                }
            }

            var floor = top - RangeDb;
            for (var x = 0; x < width; x++)
            {
                var frame = (int)((long)x * spectrogram.Frames / width);
                for (var y = 0; y < height; y++)
                {
                    var bin = (int)((long)(height - 1 - y) * spectrogram.Bins / height);
                    var v = values[(frame * spectrogram.Bins) + bin];
                    var t = float.IsFinite(v) && float.IsFinite(top) ? Math.Clamp((v - floor) / RangeDb, 0f, 1f) : 0f;
                    Colour(t, rgb.AsSpan(((y * width) + x) * 3, 3));
                }
            }
        }

        return PngWriter.Encode(rgb, width, height);
    }

    private static void Colour(float t, Span<byte> pixel)
    {
        var i = 1;
        while (i < Stops.Length - 1 && t > Stops[i].At)
        {
            i++;
        }

        var (a, b) = (Stops[i - 1], Stops[i]);
        var f = (t - a.At) / (b.At - a.At);
        pixel[0] = (byte)(a.R + ((b.R - a.R) * f));
        pixel[1] = (byte)(a.G + ((b.G - a.G) * f));
        pixel[2] = (byte)(a.B + ((b.B - a.B) * f));
    }
}
