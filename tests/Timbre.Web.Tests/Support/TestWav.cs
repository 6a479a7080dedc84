using System.Text;

namespace Timbre.Web.Tests.Support;

/// <summary>Writes small 16-bit PCM mono WAV files for tests (tones with a little noise, deterministic).</summary>
internal static class TestWav
{
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

    public static byte[] Encode(float[] samples, int sampleRate)
    {
        using var stream = new MemoryStream();
        using var w = new BinaryWriter(stream, Encoding.ASCII);
        w.Write("RIFF"u8);
        w.Write(36 + (samples.Length * 2));
        w.Write("WAVE"u8);
        w.Write("fmt "u8);
        w.Write(16);
        w.Write((short)1);
        w.Write((short)1);
        w.Write(sampleRate);
        w.Write(sampleRate * 2);
        w.Write((short)2);
        w.Write((short)16);
        w.Write("data"u8);
        w.Write(samples.Length * 2);
        foreach (var s in samples)
        {
            w.Write((short)Math.Clamp(Math.Round(s * 32767), -32768, 32767));
        }

        w.Flush();
        return stream.ToArray();
    }
}
