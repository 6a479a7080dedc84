using System.Net;
using System.Text.Json;
using Timbre.Analyzers;
using Timbre.Audio;
using Timbre.Audio.Ffmpeg;
using Timbre.Storage.Sqlite;
using Timbre.Web.Catalog;
using Timbre.Web.Tests.Support;

namespace Timbre.Web.Tests.Api;

/// <summary>A server whose ffmpeg is missing answers 500 "see the server log", not the install hint or tool paths;
/// WAV uploads, decoded in-process, still work.</summary>
[Trait("Category", "Slow")]
public sealed class DecoderErrorMappingTests : IDisposable
{
    private readonly TestLibrary _library = new(perFamily: 1, seconds: 1);
    private readonly CatalogBackend _backend;
    private readonly WebFactory _factory;

    public DecoderErrorMappingTests()
    {
        var decoder = AudioDecoders.Create(new FfmpegOptions { FfmpegPath = "/nonexistent/ffmpeg", FfprobePath = "/nonexistent/ffprobe" });
        var analyzer = new SummaryFeatureAnalyzer();
        _library.Catalogue(analyzer, decoder);
        _backend = new CatalogBackend(new SqliteCatalogStore(_library.CatalogPath), decoder, analyzer);
        Directory.CreateDirectory(_library.Dir.File("tmp"));
        _factory = new WebFactory(new TimbreWebOptions { TempDirectory = _library.Dir.File("tmp") }, _backend);
    }

    public void Dispose()
    {
        _factory.Dispose();
        _backend.Dispose();
        _library.Dispose();
    }

    [Fact]
    public async Task AMissingDecoder_IsAServerError_WithoutToolDetails()
    {
        using var client = _factory.CreateApiClient();
        var mp3 = GeneratorFfmpeg.Tone(".mp3", 1, 22050, "-c:a", "libmp3lame");
        var response = await client.PostAsync("/api/analyze", new MultipartFormDataContent { { new ByteArrayContent(mp3), "file", "song.mp3" } });
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal("Internal error; see the server log.", JsonDocument.Parse(text).RootElement.GetProperty("error").GetString());
        Assert.DoesNotContain("nonexistent", text);
        Assert.DoesNotContain("apt-get", text);

        var wav = await client.PostAsync("/api/analyze", new MultipartFormDataContent { { new ByteArrayContent(RawWav.Tone(1, 22050)), "file", "song.wav" } });
        Assert.Equal(HttpStatusCode.OK, wav.StatusCode);
    }
}
