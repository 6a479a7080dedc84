using System.Text.Json;

namespace Timbre.Dsp.Tests;

/// <summary>Test signals of the version 2 features, mirrored from Reference/make_v2_reference.py where it uses them.</summary>
internal static class V2Signals
{
    private static readonly Lazy<JsonDocument> Reference = new(() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(ReferenceData.Folder, "v2_reference.json"))));

    public static JsonElement Json => Reference.Value.RootElement;

    /// <summary>The script's LCG white noise in [−1, 1).</summary>
    public static double[] White(int n, uint seed = 12345)
    {
        var state = seed;
        var x = new double[n];
        for (var i = 0; i < n; i++)
        {
            state = unchecked(1664525u * state + 1013904223u);
            x[i] = (state >> 8) / (double)(1 << 24) * 2.0 - 1.0;
        }

        return x;
    }

    /// <summary>Paul Kellet's economy pink filter on <see cref="White"/>, scaled by 0.05.</summary>
    public static double[] Pink(int n)
    {
        double b0 = 0, b1 = 0, b2 = 0;
        var white = White(n);
        var x = new double[n];
        for (var i = 0; i < n; i++)
        {
            var w = white[i];
            b0 = 0.99765 * b0 + w * 0.0990460;
            b1 = 0.96300 * b1 + w * 0.2965164;
            b2 = 0.57000 * b2 + w * 1.0526913;
            x[i] = 0.05 * (b0 + b1 + b2 + w * 0.1848);
        }

        return x;
    }

    public static double[] Sine(int n, int sr, double amplitude, double hz = 1000) =>
        [.. Enumerable.Range(0, n).Select(i => amplitude * Math.Sin(2 * Math.PI * hz * i / sr))];

    /// <summary>The loudness signal <paramref name="name"/> of the script at <paramref name="sr"/> Hz.</summary>
    public static float[] LoudnessSignal(string name, int sr)
    {
        double[] x = name switch
        {
            "sine" => Sine(10 * sr, sr, 0.1),
            "pink" => Pink(10 * sr),
            "sine_steps" => [.. Sine(20 * sr, sr, 0.1), .. Sine(20 * sr, sr, 0.1 * Math.Pow(10, -10 / 20.0))],
            "pink_steps" => PinkSteps(sr),
            _ => throw new ArgumentException(name),
        };
        return [.. x.Select(v => (float)v)];
    }

    /// <summary>Clicks (5 ms decaying noise bursts) at <paramref name="bpm"/>, 22050 Hz.</summary>
    public static float[] Clicks(double bpm, double seconds = 20, int sr = 22050)
    {
        var x = new float[(int)(seconds * sr)];
        var noise = White(sr / 200, 99);
        for (var beat = 0; ; beat++)
        {
            var start = (int)Math.Round(beat * 60.0 / bpm * sr);
            if (start >= x.Length)
            {
                return x;
            }

            for (var i = 0; i < noise.Length && start + i < x.Length; i++)
            {
                x[start + i] += (float)(0.8 * noise[i] * Math.Exp(-i / (0.001 * sr)));
            }
        }
    }

    /// <summary>
    /// A drum-like bar pattern at <paramref name="bpm"/>: kick (decaying 60 Hz sine) on beats 1 and 3, snare (noise
    /// burst) on 2 and 4, closed hi-hat (short high-passed noise) on every eighth, 22050 Hz.
    /// </summary>
    public static float[] Drums(double bpm, double seconds = 20, int sr = 22050)
    {
        var x = new double[(int)(seconds * sr)];
        var noise = White(sr, 7);
        var beat = 60.0 / bpm;
        for (var eighth = 0; eighth * beat / 2 < seconds; eighth++)
        {
            var start = (int)Math.Round(eighth * beat / 2 * sr);
            var onBeat = eighth % 2 == 0;
            var beatIndex = eighth / 2 % 4;
            for (var i = 0; i < sr / 4 && start + i < x.Length; i++)
            {
                var t = (double)i / sr;
                if (onBeat && beatIndex is 0 or 2)
                {
                    x[start + i] += 0.7 * Math.Sin(2 * Math.PI * 60 * t) * Math.Exp(-t / 0.08);
                }

                if (onBeat && beatIndex is 1 or 3)
                {
                    x[start + i] += 0.4 * noise[i] * Math.Exp(-t / 0.05);
                }

                if (i > 0)
                {
                    x[start + i] += 0.1 * (noise[(i + 5000) % sr] - noise[(i + 4999) % sr]) * Math.Exp(-t / 0.01);
                }
            }
        }

        return [.. x.Select(v => (float)v)];
    }

    /// <summary>
    /// Additive synthesis of a chord progression: each chord (MIDI notes) lasts <paramref name="chordSeconds"/>, each
    /// note has 6 harmonics of amplitude 1/k and a short fade in/out, 22050 Hz.
    /// </summary>
    public static float[] Chords(IReadOnlyList<int[]> chords, double chordSeconds = 1.0, int sr = 22050)
    {
        var length = (int)(chordSeconds * sr);
        var x = new float[chords.Count * length];
        for (var c = 0; c < chords.Count; c++)
        {
            foreach (var midi in chords[c])
            {
                var f0 = 440.0 * Math.Pow(2, (midi - 69) / 12.0);
                for (var i = 0; i < length; i++)
                {
                    var t = (double)i / sr;
                    var envelope = Math.Min(1.0, Math.Min(t, chordSeconds - t) / 0.02);
                    double v = 0;
                    for (var k = 1; k <= 6 && k * f0 < sr / 2.0; k++)
                    {
                        v += Math.Sin(2 * Math.PI * k * f0 * t) / k;
                    }

                    x[c * length + i] += (float)(0.05 * envelope * v);
                }
            }
        }

        return x;
    }

    private static double[] PinkSteps(int sr)
    {
        var p = Pink(30 * sr);
        double[] gains = [1.0, Math.Pow(10, -10 / 20.0), Math.Pow(10, -5 / 20.0)];
        return [.. p.Select((v, i) => v * gains[i / (10 * sr)])];
    }
}
