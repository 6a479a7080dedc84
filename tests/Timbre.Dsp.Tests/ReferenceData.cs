using System.Text.Json;

namespace Timbre.Dsp.Tests;

/// <summary>Signals mirrored from Reference/make_reference.py and the reference arrays it wrote.</summary>
internal static class ReferenceData
{
    public const int SampleRate = 22050;

    private static readonly Lazy<Dictionary<string, Entry>> Entries = new(Load);
    private static readonly Lazy<float[]> Blob = new(() => LoadFloats(Path.Combine(Folder, "reference.bin")));

    public static string Folder => Path.Combine(AppContext.BaseDirectory, "Reference");

    public static IEnumerable<string> SignalNames => ["sine440", "chirp", "noise", "impulses", "click", "music"];

    public static float[] Signal(string name)
    {
        var n = 2 * SampleRate;
        var x = new double[n];
        switch (name)
        {
            case "sine440":
                for (var i = 0; i < n; i++)
                {
                    x[i] = 0.5 * Math.Sin(2 * Math.PI * 440.0 * ((double)i / SampleRate));
                }

                break;
            case "chirp":
                var dur = (double)n / SampleRate;
                for (var i = 0; i < n; i++)
                {
                    var t = (double)i / SampleRate;
                    x[i] = 0.5 * Math.Sin(2 * Math.PI * (100.0 * t + (8000.0 - 100.0) / (2 * dur) * t * t));
                }

                break;
            case "noise":
                uint state = 12345;
                for (var i = 0; i < n; i++)
                {
                    state = unchecked(1664525u * state + 1013904223u);
                    x[i] = ((state >> 8) / (double)(1 << 24) * 2.0 - 1.0) * 0.3;
                }

                break;
            case "impulses":
                for (var i = 0; i < n; i += 2205)
                {
                    x[i] = 1.0;
                }

                break;
            case "click":
                for (var i = 0; i < 10; i++)
                {
                    x[SampleRate + i] = 0.8 * (1.0 - i / 10.0);
                }

                break;
            case "music":
                return ReadMusic();
            default:
                throw new ArgumentException(name);
        }

        return x.Select(v => (float)v).ToArray();
    }

    /// <summary>The reference array, with the frame (column) indices it kept.</summary>
    public static (float[,] Values, int[] Columns, int TotalCols) Get(string name)
    {
        var e = Entries.Value[name];
        var values = new float[e.Rows, e.Columns.Length];
        var blob = Blob.Value;
        for (var r = 0; r < e.Rows; r++)
        {
            for (var c = 0; c < e.Columns.Length; c++)
            {
                values[r, c] = blob[e.Offset + r * e.Columns.Length + c];
            }
        }

        return (values, e.Columns, e.Cols);
    }

    /// <summary>
    /// max_i |a_i − b_i| / max(|b_i|, floor) with floor = 1e-3 · max_j |b_j| (and ≥ 1e-12): relative error where the
    /// reference is not tiny compared with the array's own scale, absolute-relative-to-scale below it (values 1000×
    /// below the peak, e.g. dB values crossing 0 or silent frames, would make a pure relative error meaningless).
    /// </summary>
    public static double MaxRelativeError(FeatureMatrix actual, string name)
    {
        var (b, columns, totalCols) = Get(name);
        Assert.Equal(b.GetLength(0), actual.Rows);
        Assert.Equal(totalCols, actual.Cols);
        var scale = 0.0;
        foreach (var v in b)
        {
            scale = Math.Max(scale, Math.Abs(v));
        }

        var floor = Math.Max(1e-3 * scale, 1e-12);
        var worst = 0.0;
        for (var r = 0; r < b.GetLength(0); r++)
        {
            for (var c = 0; c < columns.Length; c++)
            {
                double expected = b[r, c];
                double got = actual[r, columns[c]];
                var err = Math.Abs(got - expected) / Math.Max(Math.Abs(expected), floor);
                worst = Math.Max(worst, double.IsNaN(err) ? double.PositiveInfinity : err);
            }
        }

        return worst;
    }

    private static float[] ReadMusic()
    {
        var bytes = File.ReadAllBytes(Path.Combine(Folder, "music.wav"));
        // Canonical 44-byte header written by Python's wave module: mono, 16-bit, 22050 Hz.
        Assert.Equal("RIFF", System.Text.Encoding.ASCII.GetString(bytes, 0, 4));
        var dataOffset = 44;
        var count = (bytes.Length - dataOffset) / 2;
        var x = new float[count];
        for (var i = 0; i < count; i++)
        {
            x[i] = (float)(BitConverter.ToInt16(bytes, dataOffset + 2 * i) / 32768.0);
        }

        return x;
    }

    private static float[] LoadFloats(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var floats = new float[bytes.Length / 4];
        Buffer.BlockCopy(bytes, 0, floats, 0, floats.Length * 4);
        return floats;
    }

    private static Dictionary<string, Entry> Load()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, "reference.json")));
        var result = new Dictionary<string, Entry>();
        foreach (var a in doc.RootElement.GetProperty("arrays").EnumerateArray())
        {
            result[a.GetProperty("name").GetString()!] = new Entry(
                a.GetProperty("rows").GetInt32(),
                a.GetProperty("cols").GetInt32(),
                a.GetProperty("columns").EnumerateArray().Select(c => c.GetInt32()).ToArray(),
                a.GetProperty("offset").GetInt32());
        }

        return result;
    }

    private sealed record Entry(int Rows, int Cols, int[] Columns, int Offset);
}
