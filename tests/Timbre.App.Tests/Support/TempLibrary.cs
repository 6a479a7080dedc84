using Timbre.Audio.Wav;
using Timbre.Core.Audio;
using Timbre.Testing;

namespace Timbre.App.Tests.Support;

/// <summary>A temporary folder with a music library and a catalog file; deleted on dispose.</summary>
public sealed class TempLibrary : IDisposable
{
    public TempLibrary()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("timbre-app-").FullName;
        Root = System.IO.Path.Combine(Directory, "library");
        System.IO.Directory.CreateDirectory(Root);
        CatalogPath = System.IO.Path.Combine(Directory, "catalog.db");
    }

    public string Directory { get; }

    public string Root { get; }

    public string CatalogPath { get; }

    /// <summary>A one-second WAV of a tone with a little seeded noise under the library root.</summary>
    public string Wav(string name, double frequency, int seed)
    {
        const int rate = 22050;
        var samples = new float[rate];
        var random = new Random(seed);
        for (var i = 0; i < samples.Length; i++)
        {
            samples[i] = (float)(0.4 * Math.Sin(2 * Math.PI * frequency * i / rate) + 0.05 * (random.NextDouble() - 0.5));
        }

        var path = System.IO.Path.Combine(Root, name);
        WavWriter.WriteFile(path, new AudioBuffer(samples, rate));
        return path;
    }

    /// <summary>A FLAC tone made by ffmpeg with the given tags (name=value).</summary>
    public string TaggedFlac(string folder, string name, params string[] tags)
    {
        var dir = System.IO.Path.Combine(Directory, folder);
        System.IO.Directory.CreateDirectory(dir);
        var path = System.IO.Path.Combine(dir, name);
        string[] metadata = [.. tags.SelectMany(t => new[] { "-metadata", t })];
        GeneratorFfmpeg.Run(["-f", "lavfi", "-i", "sine=frequency=330:sample_rate=22050:duration=1", .. metadata, path]);
        return path;
    }

    /// <summary>A file that is not audio.</summary>
    public string Garbage(string name)
    {
        var path = System.IO.Path.Combine(Root, name);
        File.WriteAllBytes(path, [.. Enumerable.Range(0, 512).Select(i => (byte)(i * 37))]);
        return path;
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temp folder left behind is harmless.
        }
    }
}
