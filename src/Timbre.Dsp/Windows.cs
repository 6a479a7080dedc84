namespace Timbre.Dsp;

/// <summary>Window functions.</summary>
public static class Windows
{
    /// <summary>
    /// Returns a periodic window of <paramref name="length"/> samples, centred (zero-padded equally on both sides,
    /// left pad = (size − length) / 2 as librosa's <c>pad_center</c> and torch.stft do) in <paramref name="size"/> samples.
    /// </summary>
    public static double[] Create(WindowKind kind, int length, int size)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(size, length);
        var window = new double[size];
        var offset = (size - length) / 2;
        for (var i = 0; i < length; i++)
        {
            var phase = 2.0 * Math.PI * i / length;
            window[offset + i] = kind switch
            {
                WindowKind.Hann => 0.5 - 0.5 * Math.Cos(phase),
                WindowKind.Hamming => 0.54 - 0.46 * Math.Cos(phase),
                WindowKind.Rectangular => 1.0,
                _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown window kind."),
            };
        }

        return window;
    }
}
