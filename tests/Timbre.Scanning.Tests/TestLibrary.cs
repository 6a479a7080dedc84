using System.Diagnostics;
using Timbre.Audio.Wav;
using Timbre.Core.Audio;

namespace Timbre.Scanning.Tests;

/// <summary>A temporary music folder written by the test: tone WAVs, an MP3 made with ffmpeg, and bad files.</summary>
internal sealed class TestLibrary : IDisposable
{
    public const int SampleRate = 22050;

    public TestLibrary()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("timbre-scan-").FullName;
        Root = System.IO.Path.Combine(Directory, "library");
        System.IO.Directory.CreateDirectory(Root);
        CatalogPath = System.IO.Path.Combine(Directory, "catalog.db");
    }

    public string Directory { get; }

    public string Root { get; }

    public string CatalogPath { get; }

    public string Path(string relative) => System.IO.Path.Combine(Root, relative);

    /// <summary>A WAV of a two-tone chord plus a little seeded noise: each (f, seed) gives different content.</summary>
    public string Wav(string relative, double frequency, double seconds = 1.0, int seed = 0)
    {
        var path = Path(relative);
        System.IO.Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        var n = (int)(seconds * SampleRate);
        var samples = new float[n];
        var random = new Random(seed);
        for (var i = 0; i < n; i++)
        {
            var t = (double)i / SampleRate;
            samples[i] = (float)(0.4 * Math.Sin(2 * Math.PI * frequency * t) + 0.2 * Math.Sin(2 * Math.PI * 1.5 * frequency * t)
                + 0.05 * (random.NextDouble() - 0.5));
        }

        WavWriter.WriteFile(path, new AudioBuffer(samples, SampleRate));
        return path;
    }

    /// <summary>An MP3 with tags, made by ffmpeg from a sine.</summary>
    public string Mp3(string relative)
    {
        var path = Path(relative);
        System.IO.Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        var info = new ProcessStartInfo("ffmpeg") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in new[]
        {
            "-nostdin", "-loglevel", "error", "-f", "lavfi", "-i", "sine=frequency=330:duration=1.5", "-ar", "22050",
            "-metadata", "title=Sine Song", "-metadata", "artist=Test Artist", "-metadata", "album=Tones",
            "-metadata", "genre=Test", "-metadata", "date=2021-03-04", path,
        })
        {
            info.ArgumentList.Add(a);
        }

        using var p = Process.Start(info)!;
        var err = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, err);
        return path;
    }

    /// <summary>Three files with audio extensions that are not audio: empty, text, and a truncated WAV header.</summary>
    public string[] BadFiles()
    {
        var empty = Path("bad/empty.wav");
        var text = Path("bad/notes.mp3");
        var truncated = Path("bad/truncated.flac");
        System.IO.Directory.CreateDirectory(Path("bad"));
        File.WriteAllBytes(empty, []);
        File.WriteAllText(text, "these are not the droids you are looking for\n");
        File.WriteAllBytes(truncated, "RIFF\x24\0\0\0WAVEfmt "u8.ToArray());
        return [empty, text, truncated];
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
