using Timbre.Audio.Wav;
using Timbre.Core.Audio;

namespace Timbre.Audio.Tests.Ffmpeg;

/// <summary>A 2 s, 440 Hz, amplitude 0.5 tone at 44.1 kHz written as WAV, then encoded by ffmpeg to lossy and lossless
/// formats with title/artist tags. Made once per test run in a temp directory.</summary>
public sealed class EncodedFormatsFixture : IDisposable
{
    public const double Frequency = 440;
    public const double Seconds = 2;
    public const string Title = "Timbre Test Tone";

    private readonly TempDir _dir = new();

    public EncodedFormatsFixture()
    {
        WavPath = _dir.File("tone.wav");
        WavWriter.WriteFile(WavPath, new AudioBuffer(TestSignals.Sine(Frequency, 44100, (int)(Seconds * 44100)), 44100));
        var encoders = new (string Ext, string[] Codec)[]
        {
            ("mp3", ["-c:a", "libmp3lame", "-b:a", "128k"]),
            ("flac", ["-c:a", "flac"]),
            ("ogg", ["-c:a", "libvorbis", "-q:a", "4"]),
            ("opus", ["-c:a", "libopus", "-b:a", "64k"]),
            ("m4a", ["-c:a", "aac", "-b:a", "128k"]),
        };
        Parallel.ForEach(encoders, e =>
        {
            string output = _dir.File("tone." + e.Ext);
            TestSignals.Ffmpeg(["-i", WavPath, .. e.Codec, "-metadata", $"title={Title}", "-metadata", "artist=Timbre", output]);
            lock (Files)
            {
                Files[e.Ext] = output;
            }
        });
    }

    public string WavPath { get; }

    public Dictionary<string, string> Files { get; } = new();

    public string Dir => _dir.Path;

    public void Dispose() => _dir.Dispose();
}
