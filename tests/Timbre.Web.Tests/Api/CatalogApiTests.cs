using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Timbre.Analyzers;
using Timbre.Audio;
using Timbre.Storage.Sqlite;
using Timbre.Web.Catalog;
using Timbre.Web.Tests.Support;

namespace Timbre.Web.Tests.Api;

/// <summary>
/// The API over the real backend: a temp SQLite catalog of generated WAV tracks analysed by a real analyzer, the
/// real ffmpeg/WAV decoder, and Timbre.Recommendation's recommenders.
/// </summary>
[Trait("Category", "Slow")]
public sealed class CatalogApiTests : IDisposable
{
    private readonly TestLibrary _library = new(perFamily: 3);
    private readonly CatalogBackend _backend;
    private readonly WebFactory _factory;

    public CatalogApiTests()
    {
        var decoder = AudioDecoders.CreateDefault();
        var analyzer = new SummaryFeatureAnalyzer();
        _library.Catalogue(analyzer, decoder);
        _backend = new CatalogBackend(new SqliteCatalogStore(_library.CatalogPath), decoder, analyzer);
        Directory.CreateDirectory(_library.Dir.File("tmp"));
        _factory = new WebFactory(
            new TimbreWebOptions { TempDirectory = _library.Dir.File("tmp"), LibraryDirectory = _library.Dir.File("lib") },
            _backend);
    }

    public void Dispose()
    {
        _factory.Dispose();
        _backend.Dispose();
        _library.Dispose();
    }

    [Fact]
    public async Task Library_lists_filters_sorts_and_pages_the_catalog()
    {
        using var client = _factory.CreateApiClient();
        var all = await client.GetFromJsonAsync<JsonElement>("/api/tracks?pageSize=5&sort=year&desc=true");
        Assert.Equal(12, all.GetProperty("total").GetInt64());
        Assert.Equal(5, all.GetProperty("items").GetArrayLength());
        Assert.Equal(2001, all.GetProperty("items")[0].GetProperty("year").GetInt32());

        var page3 = await client.GetFromJsonAsync<JsonElement>("/api/tracks?pageSize=5&page=3");
        Assert.Equal(2, page3.GetProperty("items").GetArrayLength());

        var search = await client.GetFromJsonAsync<JsonElement>("/api/tracks?q=bright");
        Assert.Equal(3, search.GetProperty("total").GetInt64());

        var years = await client.GetFromJsonAsync<JsonElement>("/api/tracks?yearFrom=1995&yearTo=1996");
        Assert.Equal(2, years.GetProperty("total").GetInt64());

        var hostile = await client.GetFromJsonAsync<JsonElement>("/api/tracks?q=onerror");
        Assert.Equal(TestLibrary.HostileTitle, hostile.GetProperty("items")[0].GetProperty("title").GetString());
    }

    [Fact]
    public async Task Track_details_audio_ranges_and_spectrogram_come_from_the_catalog_file()
    {
        using var client = _factory.CreateApiClient();
        var detail = await client.GetFromJsonAsync<JsonElement>("/api/tracks/2");
        Assert.Equal("wav", detail.GetProperty("format").GetString());
        var size = detail.GetProperty("sizeBytes").GetInt64();
        Assert.True(size > 100_000);

        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/tracks/2/audio");
        request.Headers.Range = new RangeHeaderValue(size - 10, null);
        var tail = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.PartialContent, tail.StatusCode);
        Assert.Equal(10, (await tail.Content.ReadAsByteArrayAsync()).Length);
        Assert.Equal($"bytes {size - 10}-{size - 1}/{size}", tail.Content.Headers.ContentRange!.ToString());

        var png = await client.GetByteArrayAsync("/api/tracks/2/spectrogram.png");
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47 }, png[..4]);
        Assert.Equal(900, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)));
        Timbre.Testing.PlotImage.AssertChart(png, "spectrogram.png");
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/tracks/99/spectrogram.png")).StatusCode);
    }

    [Theory]
    [InlineData("m1")]
    [InlineData("hybrid")]
    public async Task Similar_tracks_come_from_the_same_family_first_with_reasons(string method)
    {
        using var client = _factory.CreateApiClient();
        var result = await client.GetFromJsonAsync<JsonElement>($"/api/tracks/5/similar?method={method}&n=5");
        var items = result.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(5, items.Count);
        Assert.DoesNotContain(items, i => i.GetProperty("id").GetInt64() == 5);
        Assert.All(items, i => Assert.False(string.IsNullOrWhiteSpace(i.GetProperty("why").GetString())));
        var scores = items.Select(i => i.GetProperty("score").GetDouble()).ToList();
        Assert.Equal(scores.OrderByDescending(s => s).ToList(), scores);

        // Track 5 is "bright song 1"; its two siblings should be the nearest two.
        // Track 5 is "bright song 1": the reasons name it, and both its siblings are among the five nearest.
        Assert.All(items, i => Assert.Contains("bright song 1", i.GetProperty("why").GetString()));
        var titles = items.Select(i => i.GetProperty("title").GetString()).ToList();
        Assert.Contains("bright song 0", titles);
        Assert.Contains("bright song 2", titles);
    }

    [Fact]
    public async Task Upload_is_decoded_analysed_and_optionally_added_to_the_library()
    {
        using var client = _factory.CreateApiClient();
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/api/auth/register", new { name = "uploader", password = "uploader-password" })).StatusCode);
        var clip = TestWav.Encode(TestLibrary.Synth(1, 7, 2.5, 22050), 22050);
        var content = new MultipartFormDataContent();
        content.Add(new ByteArrayContent(clip), "file", "bright upload.wav");
        content.Add(new StringContent("true"), "add");
        var response = await client.PostAsync("/api/analyze?n=6", content);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var recs = body.GetProperty("recommendations").EnumerateArray().ToList();
        Assert.Equal(6, recs.Count);
        Assert.StartsWith("bright", recs[0].GetProperty("title").GetString());
        Assert.Equal(2.5, body.GetProperty("durationSeconds").GetDouble(), 2);

        var added = body.GetProperty("added");
        var newId = added.GetProperty("id").GetInt64();
        Assert.Equal("bright upload", added.GetProperty("title").GetString());
        var listed = await client.GetFromJsonAsync<JsonElement>("/api/tracks");
        Assert.Equal(13, listed.GetProperty("total").GetInt64());
        var similar = await client.GetFromJsonAsync<JsonElement>($"/api/tracks/{newId}/similar?n=3");
        Assert.StartsWith("bright", similar.GetProperty("items")[0].GetProperty("title").GetString());
        Assert.Single(Directory.GetFiles(_library.Dir.File(Path.Combine("lib", "uploads"))));
        Assert.Empty(Directory.GetFiles(_library.Dir.File("tmp")));
    }

    [Fact]
    public async Task Corrupt_and_truncated_uploads_get_the_decoders_reason()
    {
        using var client = _factory.CreateApiClient();
        foreach (var (bytes, name) in new[]
        {
            ("not audio at all, just text"u8.ToArray(), "fake.mp3"),
            (TestWav.Encode(TestLibrary.Synth(0, 0, 1, 22050), 22050)[..30], "truncated.wav"),
        })
        {
            var content = new MultipartFormDataContent { { new ByteArrayContent(bytes), "file", name } };
            var response = await client.PostAsync("/api/analyze", content);
            Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
            var error = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("reason").GetString()));
            Assert.DoesNotContain("timbre-upload-", error.GetRawText());
            Assert.DoesNotContain(_library.Dir.Path, error.GetRawText());
        }

        Assert.Empty(Directory.GetFiles(_library.Dir.File("tmp")));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/tracks/1")).StatusCode);
    }

    [Fact]
    public async Task Users_and_likes_are_stored_in_the_catalog_and_survive_a_restart()
    {
        using (var client = _factory.CreateApiClient())
        {
            Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/api/auth/register", new { name = "carol", password = "carol-password" })).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/api/me/interactions", new { trackId = 4, kind = "like" })).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/api/me/interactions", new { trackId = 7, kind = "dislike" })).StatusCode);
            var recs = await client.GetFromJsonAsync<JsonElement>("/api/me/recommendations?method=hybrid&n=5");
            var ids = recs.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt64()).ToList();
            Assert.NotEmpty(ids);
            Assert.DoesNotContain(4L, ids);
            Assert.DoesNotContain(7L, ids);
        }

        using var store = new SqliteCatalogStore(_library.CatalogPath);
        var carol = store.FindUserByName("carol")!;
        Assert.StartsWith("AQAAAA", carol.PasswordHash, StringComparison.Ordinal);
        Assert.Equal(2, store.ListInteractions(carol.Id).Count);

        using var backend2 = new CatalogBackend(new SqliteCatalogStore(_library.CatalogPath), AudioDecoders.CreateDefault(), new SummaryFeatureAnalyzer());
        using var factory2 = new WebFactory(new TimbreWebOptions { TempDirectory = _library.Dir.File("tmp") }, backend2);
        using var again = factory2.CreateApiClient();
        Assert.Equal(HttpStatusCode.OK, (await again.PostAsJsonAsync("/api/auth/login", new { name = "carol", password = "carol-password" })).StatusCode);
        var taste = await again.GetFromJsonAsync<JsonElement>("/api/me/taste");
        Assert.Equal(4, taste.GetProperty("likes")[0].GetProperty("id").GetInt64());
        Assert.Equal(7, taste.GetProperty("dislikes")[0].GetProperty("id").GetInt64());
    }
}
