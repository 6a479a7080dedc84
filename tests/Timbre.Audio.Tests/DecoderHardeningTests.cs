using System.Diagnostics;
using Timbre.Core.Audio;
using Timbre.Core.Errors;

namespace Timbre.Audio.Tests;

/// <summary>
/// The decoder cannot be steered: playlists, concat scripts and URL references named like audio are refused as
/// <see cref="AudioFailure.NotAudio"/> by probe and decode alike, and the file or URL they point at is never opened;
/// FIFOs and devices are refused before anything opens them.
/// </summary>
public sealed class DecoderHardeningTests : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly IAudioDecoder _decoder = AudioDecoders.CreateDefault();

    public void Dispose() => _dir.Dispose();

    public static TheoryData<string, string> PointingFiles() => new()
    {
        { "hls.mp3", "hls-file" },
        { "hls.flac", "hls-bare" },
        { "ffconcat.mp3", "ffconcat" },
        { "playlist.m4a", "m3u" },
        { "hls-url.ogg", "hls-url" },
    };

    [Trait("Category", "Slow")]
    [Theory]
    [MemberData(nameof(PointingFiles))]
    public void FilesPointingElsewhere_AreNotAudio_AndTheTargetIsNeverOpened(string name, string kind)
    {
        using var target = new FifoTripwire(_dir.File("server-secret.mp3"));
        using var url = new LoopbackTripwire();
        string text = kind switch
        {
            "hls-file" => HostileAudio.HlsPlaylist("file:" + target.Path),
            "hls-bare" => HostileAudio.HlsPlaylist(target.Path),
            "ffconcat" => HostileAudio.FfconcatScript(target.Path),
            "m3u" => HostileAudio.M3u(target.Path),
            _ => HostileAudio.HlsPlaylist(url.Url),
        };
        string path = _dir.File(name);
        File.WriteAllText(path, text);

        var probe = Assert.Throws<AudioDecodingException>(() => _decoder.Probe(path));
        var decode = Assert.Throws<AudioDecodingException>(() => _decoder.Decode(path, 22050));
        var info = new AudioInfo(path, "hls", 10, 44100, 1, new Dictionary<string, string>());
        var window = Assert.Throws<AudioDecodingException>(() => _decoder.DecodeWindow(info, 22050, AnalysisWindowOptions.Default));

        Assert.All(new[] { probe, decode, window }, e => Assert.Equal(AudioFailure.NotAudio, e.Kind));
        Assert.False(target.WasOpened, "the referenced server file was opened");
        Assert.False(url.WasConnected, "the referenced URL was fetched");
    }

    [Fact]
    public void Fifos_AndSymlinksToThem_AreNotFiles_AndAreNeverOpened()
    {
        using var fifo = new FifoTripwire(_dir.File("pipe.mp3"));
        string link = _dir.File("link.wav");
        File.CreateSymbolicLink(link, fifo.Path);
        var watch = Stopwatch.StartNew();
        foreach (string path in new[] { fifo.Path, link })
        {
            Assert.Equal(AudioFailure.NotAFile, Assert.Throws<AudioDecodingException>(() => _decoder.Probe(path)).Kind);
            Assert.Equal(AudioFailure.NotAFile, Assert.Throws<AudioDecodingException>(() => _decoder.Decode(path, 22050)).Kind);
        }

        Assert.InRange(watch.Elapsed.TotalSeconds, 0, 5);
        Assert.False(fifo.WasOpened);
        Assert.Equal(AudioFailure.NotAFile, Assert.Throws<AudioDecodingException>(() => _decoder.Decode("/dev/zero", 22050)).Kind);
    }

    [Fact]
    public void ASymlinkToARegularAudioFile_IsDecodedAsThatFile()
    {
        string real = _dir.File("real.wav");
        File.WriteAllBytes(real, RawWav.Tone(0.5));
        string link = _dir.File("link.wav");
        File.CreateSymbolicLink(link, real);
        Assert.Equal(4000, _decoder.Decode(link, 8000).Samples.Length);
    }

    [Trait("Category", "Slow")]
    [Fact]
    public void AMatroskaFileWithVideo_IsRefused_ButAudioOnlyMatroskaDecodes()
    {
        string video = _dir.File("clip.mkv");
        TestSignals.Ffmpeg("-f", "lavfi", "-i", "testsrc=size=32x32:rate=5:duration=1", "-f", "lavfi", "-i", "sine=duration=1",
            "-c:v", "mjpeg", "-c:a", "flac", "-shortest", video);
        Assert.Equal(AudioFailure.NotAudio, Assert.Throws<AudioDecodingException>(() => _decoder.Probe(video)).Kind);

        string audio = _dir.File("song.mka");
        File.WriteAllBytes(audio, GeneratorFfmpeg.Tone(".mka", 1, 8000, "-c:a", "flac"));
        AudioInfo info = _decoder.Probe(audio);
        Assert.InRange(_decoder.DecodeWindow(info, 8000, AnalysisWindowOptions.Default).DurationSeconds, 0.95, 1.05);
    }

    [Fact]
    public void ClientTextsNeverQuoteTheTool_ButTheDetailDoes()
    {
        string path = _dir.File("notes.mp3");
        File.WriteAllText(path, HostileAudio.FfconcatScript("/etc/passwd"));
        var e = Assert.Throws<AudioDecodingException>(() => _decoder.Decode(path, 22050));
        Assert.Equal("not an audio file (unrecognised or refused format)", AudioFailures.Describe(e.Kind));
        Assert.Contains("whitelist", e.Detail);
        Assert.Contains(path, e.Message);
    }
}
