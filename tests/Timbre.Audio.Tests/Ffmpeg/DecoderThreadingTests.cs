using System.Diagnostics;
using System.Runtime.InteropServices;
using Timbre.Audio.Ffmpeg;
using Timbre.Core.Audio;

namespace Timbre.Audio.Tests.Ffmpeg;

/// <summary>
/// The decoder runs ffmpeg with <c>-filter_threads 1</c> and <c>-flush_packets 0</c> (cheaper per process: no filter
/// thread pool, 32 KB pipe writes instead of one per packet); its samples must be exactly those of a plain ffmpeg run
/// with its default threading and flushing — what the analysis was built and benchmarked on.
/// </summary>
public sealed class DecoderThreadingTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Trait("Category", "Slow")]
    [Theory]
    [InlineData("ogg", "libvorbis")]
    [InlineData("mp3", "libmp3lame")]
    [InlineData("flac", "flac")]
    public void Samples_EqualAPlainDefaultThreadedFfmpegDecode_BitForBit(string ext, string codec)
    {
        // Stereo 44.1 kHz with different channels: the run downmixes and resamples, the work the filter threads would share.
        string path = _dir.File("music." + ext);
        TestSignals.Ffmpeg(
            "-f", "lavfi", "-i", "sine=frequency=330:duration=6", "-f", "lavfi", "-i", "anoisesrc=d=6:c=pink:a=0.1:seed=3",
            "-filter_complex", "[0][1]amerge=inputs=2", "-ar", "44100", "-c:a", codec, path);
        float[] plain = PlainDecode(path, 22050);
        var decoder = new FfmpegDecoder();

        AudioBuffer decoded = decoder.Decode(path, 22050);
        AudioBuffer window = decoder.ProbeAndDecodeWindow(path, 22050, AnalysisWindowOptions.Default).Audio;

        Assert.True(plain.Length > 22050 * 5, $"only {plain.Length} samples");
        Assert.Equal(plain, decoded.Samples);
        Assert.Equal(plain, window.Samples);
    }

    private static float[] PlainDecode(string path, int rate)
    {
        var psi = new ProcessStartInfo("ffmpeg") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in new[] { "-nostdin", "-v", "error", "-i", path, "-map", "0:a:0", "-ac", "1", "-ar", rate.ToString(System.Globalization.CultureInfo.InvariantCulture), "-f", "f32le", "-" })
        {
            psi.ArgumentList.Add(a);
        }

        using Process p = Process.Start(psi)!;
        var error = p.StandardError.ReadToEndAsync();
        using var bytes = new MemoryStream();
        p.StandardOutput.BaseStream.CopyTo(bytes);
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, error.Result);
        return MemoryMarshal.Cast<byte, float>(bytes.ToArray().AsSpan()).ToArray();
    }
}
