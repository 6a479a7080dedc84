namespace Timbre.Data.Tests;

internal sealed class TempDir : IDisposable
{
    public TempDir() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "timbre-data-" + Guid.NewGuid().ToString("N"));

    public string File(string relative, byte[] content)
    {
        string full = System.IO.Path.Combine(Path, relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        System.IO.File.WriteAllBytes(full, content);
        return full;
    }

    public static byte[] TinyWav()
    {
        using var stream = new MemoryStream();
        Timbre.Audio.Wav.WavWriter.Write(stream, [0f, 0.5f, -0.5f, 0f], 8000, 1, Timbre.Audio.Wav.WavSampleFormat.Pcm16Symmetric);
        return stream.ToArray();
    }

    public static byte[] Mp3Stub() => [(byte)'I', (byte)'D', (byte)'3', 4, 0, 0, 0, 0, 0, 0];

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
