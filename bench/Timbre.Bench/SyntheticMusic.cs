namespace Timbre.Bench;

/// <summary>Seeded music-like audio: overlapping harmonic notes with decaying envelopes, a bass line and light noise.</summary>
internal static class SyntheticMusic
{
    public static float[] Generate(double seconds, int sampleRate, int seed)
    {
        var n = (int)(seconds * sampleRate);
        var x = new double[n];
        var rng = new Random(seed);
        var noteLength = (int)(0.25 * sampleRate);
        for (var start = 0; start < n; start += noteLength)
        {
            var midi = 48 + rng.Next(36);
            var hz = 440.0 * Math.Pow(2, (midi - 69) / 12.0);
            var length = Math.Min(n - start, noteLength * (1 + rng.Next(4)));
            for (var h = 1; h <= 6; h++)
            {
                var amp = 0.15 / h;
                var w = 2 * Math.PI * hz * h / sampleRate;
                for (var i = 0; i < length; i++)
                {
                    x[start + i] += amp * Math.Exp(-3.0 * i / sampleRate) * Math.Sin(w * i);
                }
            }
        }

        var result = new float[n];
        for (var i = 0; i < n; i++)
        {
            result[i] = (float)(x[i] + 0.01 * (rng.NextDouble() - 0.5));
        }

        return result;
    }
}
