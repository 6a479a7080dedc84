using System.Diagnostics;
using System.Numerics;

namespace Timbre.Audio.Tests;

/// <summary>Signals and measurements shared by the audio tests (temp folders: <see cref="Timbre.Testing.TempDir"/>).</summary>
internal static class TestSignals
{
    public static float[] Sine(double frequency, int sampleRate, int count, double amplitude = 0.5, double phase = 0)
    {
        var x = new float[count];
        for (int i = 0; i < count; i++)
        {
            x[i] = (float)(amplitude * Math.Sin(2 * Math.PI * frequency * i / sampleRate + phase));
        }

        return x;
    }

    /// <summary>Amplitude of the component at <paramref name="frequency"/> (correlation with a complex tone) over
    /// <paramref name="x"/>[start..end), Hann-weighted so neighbouring frequencies leak little.</summary>
    public static double ToneAmplitude(ReadOnlySpan<float> x, int sampleRate, double frequency, int start = 0, int end = -1)
    {
        if (end < 0)
        {
            end = x.Length;
        }

        int n = end - start;
        Complex sum = 0;
        double weight = 0;
        double w = 2 * Math.PI * frequency / sampleRate;
        for (int i = 0; i < n; i++)
        {
            double hann = 0.5 - 0.5 * Math.Cos(2 * Math.PI * i / (n - 1));
            sum += hann * x[start + i] * Complex.FromPolarCoordinates(1, -w * i);
            weight += hann;
        }

        return 2 * sum.Magnitude / weight;
    }

    /// <summary>The frequency in [lo, hi] (step Hz) with the largest <see cref="ToneAmplitude"/>.</summary>
    public static double DominantFrequency(ReadOnlySpan<float> x, int sampleRate, double lo, double hi, double step)
    {
        double best = lo, bestAmp = -1;
        for (double f = lo; f <= hi; f += step)
        {
            double a = ToneAmplitude(x, sampleRate, f);
            if (a > bestAmp)
            {
                bestAmp = a;
                best = f;
            }
        }

        return best;
    }

    public static double Rms(ReadOnlySpan<float> x, int start = 0, int end = -1)
    {
        if (end < 0)
        {
            end = x.Length;
        }

        double s = 0;
        for (int i = start; i < end; i++)
        {
            s += (double)x[i] * x[i];
        }

        return Math.Sqrt(s / Math.Max(1, end - start));
    }

    /// <summary>Runs ffmpeg to make a test file; fails the test with ffmpeg's message if it cannot.</summary>
    public static void Ffmpeg(params string[] args)
    {
        var psi = new ProcessStartInfo("ffmpeg") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (string a in new[] { "-nostdin", "-y", "-v", "error" }.Concat(args))
        {
            psi.ArgumentList.Add(a);
        }

        using Process p = Process.Start(psi)!;
        string err = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, $"ffmpeg {string.Join(' ', args)} failed: {err}");
    }
}

