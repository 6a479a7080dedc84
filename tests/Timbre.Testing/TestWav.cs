using System.Buffers.Binary;

namespace Timbre.Testing;

/// <summary>Small 16-bit PCM mono WAV files for tests (tones with a little noise, deterministic).</summary>
public static class TestWav
{
    /// <summary>A tone at <paramref name="frequencyHz"/> with its octave and seeded noise.</summary>
    public static byte[] Tone(double frequencyHz, double seconds, int sampleRate = 22050, int seed = 1)
    {
        var rng = new Random(seed);
        var n = (int)(seconds * sampleRate);
        var samples = new float[n];
        for (var i = 0; i < n; i++)
        {
            var t = (double)i / sampleRate;
            samples[i] = (float)((0.5 * Math.Sin(2 * Math.PI * frequencyHz * t)) + (0.2 * Math.Sin(2 * Math.PI * 2 * frequencyHz * t)) + (0.05 * ((rng.NextDouble() * 2) - 1)));
        }

        return Encode(samples, sampleRate);
    }

    /// <summary>A canonical WAV of <paramref name="samples"/> in [-1, 1], rounded and clamped to 16 bits.</summary>
    public static byte[] Encode(float[] samples, int sampleRate)
    {
        var data = new byte[samples.Length * 2];
        for (var i = 0; i < samples.Length; i++)
        {
            BinaryPrimitives.WriteInt16LittleEndian(data.AsSpan(2 * i), (short)Math.Clamp(Math.Round(samples[i] * 32767), -32768, 32767));
        }

        return RawWav.Build(1, 1, (uint)sampleRate, 16, data);
    }
}
