using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Timbre.Analyzers;
using Timbre.Audio;
using Timbre.Core.Audio;
using Timbre.Storage.Sqlite;
using Timbre.Web.Catalog;
using Timbre.Web.Tests.Support;
using Xunit.Abstractions;

namespace Timbre.Web.Tests.Api;

/// <summary>Uploads measured for memory run alone: other test classes would move the process's resident size.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MemoryMeasuredCollection
{
    public const string Name = "memory-measured";
}

/// <summary>The real catalog backend (SQLite, ffmpeg/WAV decoder, summary analyzer) behind the HTTP pipeline, plus a
/// "server file" that reports being opened.</summary>
public sealed class HostileUploadFixture : IDisposable
{
    /// <summary>The analysis window the server runs with; every upload's work is bounded by it.</summary>
    public static readonly AnalysisWindowOptions Window = new() { MaxSeconds = 120 };

    private readonly TestLibrary _library = new(perFamily: 1, seconds: 2);
    private readonly CatalogBackend _backend;

    public HostileUploadFixture()
    {
        var decoder = AudioDecoders.CreateDefault();
        var analyzer = new SummaryFeatureAnalyzer();
        _library.Catalogue(analyzer, decoder);
        _backend = new CatalogBackend(
            new SqliteCatalogStore(_library.CatalogPath), decoder, analyzer, new CatalogBackendOptions { AnalysisWindow = Window });
        Directory.CreateDirectory(Dir.File("tmp"));
        Factory = new WebFactory(
            new TimbreWebOptions { TempDirectory = Dir.File("tmp"), LibraryDirectory = Dir.File("lib"), MaxUploadBytes = 32L << 20, RateLimits = RateLimitOptions.Disabled },
            _backend);
        ServerFile = new FifoTripwire(Dir.File("server-secret.mp3"));
    }

    internal TempDir Dir => _library.Dir;

    internal WebFactory Factory { get; }

    /// <summary>The file the playlists point at: a FIFO whose waiting writer tells whether anyone opened it.</summary>
    public FifoTripwire ServerFile { get; }

    public void Dispose()
    {
        ServerFile.Dispose();
        Factory.Dispose();
        _backend.Dispose();
        _library.Dispose();
    }
}

/// <summary>
/// Issue 10's hostile uploads through the real HTTP pipeline: playlists and scripts pointing at a server file or a
/// URL, polyglots, lying WAV headers, zero- and one-sample files each get a 4xx with the fixed typed reason (never
/// ffmpeg's words or a path) without the referenced file or URL ever being opened; decompression bombs holding hours
/// of silence are analysed on the window only, each raising resident memory by less than <see cref="MemoryBound"/>.
/// </summary>
[Collection(MemoryMeasuredCollection.Name)]
public sealed class HostileUploadTests(HostileUploadFixture fixture, ITestOutputHelper output) : IClassFixture<HostileUploadFixture>
{
    /// <summary>Peak resident growth allowed per upload. Decoding a 3-hour bomb whole at 22 050 Hz would take
    /// 950 MB of samples alone; the 120-second window takes 10 MB.</summary>
    private const long MemoryBound = 300L << 20;

    private const string NotAudio = "Not an audio file (unrecognised or refused format).";
    private const string Corrupt = "The audio data is damaged or truncated.";
    private const string Unsupported = "An audio encoding this server does not decode.";
    private const string NoSamples = "The file holds no audio samples.";

    public static TheoryData<string, string> Refused() => new()
    {
        { "hls-file.mp3", NotAudio },
        { "hls-path.flac", NotAudio },
        { "hls-url.mp3", NotAudio },
        { "ffconcat.mp3", NotAudio },
        { "playlist.m4a", NotAudio },
        { "polyglot-wav-header-mp3-body.wav", Corrupt },
        { "wav-tag-with-playlist-body.wav", NotAudio },
        { "wav-rate-4ghz.wav", Unsupported },
        { "wav-65535-channels.wav", Unsupported },
        { "wav-zero-rate.wav", Corrupt },
        { "wav-data-claims-2gb.wav", Corrupt },
        { "zero-samples.wav", NoSamples },
        { "empty.mp3", "The file is empty." },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task HostileFiles_GetA4xxWithTheTypedReason_AndNothingTheyPointAtIsOpened(string name, string reason)
    {
        using var url = new LoopbackTripwire();
        var bytes = Build(name, fixture.ServerFile.Path, url.Url);
        HttpResponseMessage? response = null;
        var growth = await PeakMemory.GrowthDuring(async () => response = await Upload(bytes, name));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response!.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("The file could not be decoded as audio.", body.GetProperty("error").GetString());
        Assert.Equal(reason, body.GetProperty("reason").GetString());
        AssertNoLeaks(body.GetRawText());
        Assert.False(fixture.ServerFile.WasOpened, "the server file was opened");
        Assert.False(url.WasConnected, "the URL was fetched");
        Assert.InRange(growth, 0, MemoryBound);
        Assert.Empty(Directory.GetFiles(fixture.Dir.File("tmp")));
    }

    [Trait("Category", "Slow")]
    [Theory]
    [InlineData("bomb-3h.flac", 3.0)]
    [InlineData("bomb-1h.mp3", 1.0)]
    [InlineData("bomb-1h.ogg", 1.0)]
    public async Task DecompressionBombs_AreAnalysedOnTheWindowOnly_WithinTheMemoryBound(string name, double hours)
    {
        HostileAudio.SilenceBomb(fixture.Dir.File(name), hours);
        var bytes = await File.ReadAllBytesAsync(fixture.Dir.File(name));
        HttpResponseMessage? response = null;
        var growth = await PeakMemory.GrowthDuring(async () => response = await Upload(bytes, name));

        Assert.Equal(HttpStatusCode.OK, response!.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.InRange(body.GetProperty("durationSeconds").GetDouble(), (hours * 3600) - 60, (hours * 3600) + 60);
        output.WriteLine($"{name}: {bytes.Length} bytes uploaded, resident memory +{growth >> 20} MB");
        Assert.True(growth < MemoryBound, $"{name} ({bytes.Length} bytes) raised resident memory by {growth >> 20} MB");
    }

    [Fact]
    public async Task AOneSampleFile_GetsA4xxWithAReason()
    {
        var response = await Upload(HostileAudio.SilentWav(1), "one-sample.wav");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(string.IsNullOrWhiteSpace(body.GetProperty("reason").GetString()));
        AssertNoLeaks(body.GetRawText());
    }

    [Trait("Category", "Slow")]
    [Fact]
    public async Task APolyglotOfMp3FramesAndAPlaylist_IsDecodedAsTheMp3_AndThePlaylistIsIgnored()
    {
        var mp3 = GeneratorFfmpeg.Tone(".mp3", 2, 22050, "-c:a", "libmp3lame");
        var bytes = (byte[])[.. mp3, .. Encoding.UTF8.GetBytes(HostileAudio.HlsPlaylist("file:" + fixture.ServerFile.Path))];
        var response = await Upload(bytes, "polyglot.mp3");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(fixture.ServerFile.WasOpened);
    }

    private async Task<HttpResponseMessage> Upload(byte[] bytes, string name)
    {
        using var client = fixture.Factory.CreateApiClient();
        var content = new MultipartFormDataContent { { new ByteArrayContent(bytes), "file", name } };
        return await client.PostAsync("/api/analyze", content);
    }

    private void AssertNoLeaks(string json)
    {
        foreach (var leak in new[] { fixture.Dir.Path, "timbre-upload-", "ffmpeg", "ffprobe", "whitelist", "@ 0x", "/tmp" })
        {
            Assert.DoesNotContain(leak, json, StringComparison.OrdinalIgnoreCase);
        }
    }

    private static byte[] Build(string name, string serverFile, string url)
    {
        byte[] Text(string s) => Encoding.UTF8.GetBytes(s);
        return name switch
        {
            "hls-file.mp3" => Text(HostileAudio.HlsPlaylist("file:" + serverFile)),
            "hls-path.flac" => Text(HostileAudio.HlsPlaylist(serverFile)),
            "hls-url.mp3" => Text(HostileAudio.HlsPlaylist(url)),
            "ffconcat.mp3" => Text(HostileAudio.FfconcatScript(serverFile)),
            "playlist.m4a" => Text(HostileAudio.M3u(serverFile)),
            "polyglot-wav-header-mp3-body.wav" => HostileAudio.WavHeaderThen(GeneratorFfmpeg.Tone(".mp3", 1, 22050, "-c:a", "libmp3lame")),
            "wav-tag-with-playlist-body.wav" => RawWav.Build(0x55, 1, 8000, 16, Text(HostileAudio.HlsPlaylist("file:" + serverFile))),
            "wav-rate-4ghz.wav" => RawWav.Build(1, 1, 4_000_000_000, 16, new byte[64]),
            "wav-65535-channels.wav" => RawWav.Build(1, 65535, 8000, 16, new byte[64]),
            "wav-zero-rate.wav" => RawWav.Build(1, 1, 0, 16, new byte[64]),
            "wav-data-claims-2gb.wav" => RawWav.Build(1, 2, 44100, 16, new byte[4096], 0x7FFF_FFF0),
            "zero-samples.wav" => RawWav.Build(1, 1, 22050, 16, []),
            "empty.mp3" => [],
            _ => throw new ArgumentException(name),
        };
    }
}
