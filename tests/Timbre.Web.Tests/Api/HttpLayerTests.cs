using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Timbre.Web.Tests.Support;

namespace Timbre.Web.Tests.Api;

/// <summary>The HTTP layer over the in-memory backend: limits, bad input, auth, isolation, headers.</summary>
public sealed class HttpLayerTests : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly InMemoryBackend _backend = new();
    private readonly WebFactory _factory;

    public HttpLayerTests()
    {
        Directory.CreateDirectory(_dir.File("tmp"));
        for (var i = 0; i < 6; i++)
        {
            var path = _dir.File($"t{i}.wav");
            File.WriteAllBytes(path, TestWav.Tone(220 + (50 * i), 1.0));
            _backend.Add(i == 0 ? "<img src=x onerror=alert(1)>" : $"Song {i}", path, InMemoryBackend.Labels[i % 4], year: 1990 + i);
        }

        _factory = new WebFactory(
            new TimbreWebOptions { MaxUploadBytes = 64 * 1024, TempDirectory = _dir.File("tmp"), LibraryDirectory = _dir.File("lib"), MaxConcurrentAnalyses = 1, RateLimits = RateLimitOptions.Disabled },
            _backend);
    }

    public void Dispose()
    {
        _factory.Dispose();
        _dir.Dispose();
    }

    [Trait("Category", "Slow")]
    [Fact]
    public async Task Pages_and_openapi_are_served_with_a_strict_csp()
    {
        using var client = _factory.CreateApiClient();
        foreach (var page in new[] { "/", "/track.html", "/upload.html", "/taste.html", "/js/app.js", "/css/site.css" })
        {
            var response = await client.GetAsync(page);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains("script-src 'self'", response.Headers.GetValues("Content-Security-Policy").Single());
        }

        var openApi = await client.GetStringAsync("/openapi/v1.json");
        using var doc = JsonDocument.Parse(openApi);
        var paths = doc.RootElement.GetProperty("paths");
        foreach (var p in new[] { "/api/tracks", "/api/tracks/{id}/similar", "/api/analyze", "/api/me/recommendations", "/api/auth/login" })
        {
            Assert.True(paths.TryGetProperty(p, out _), $"OpenAPI lacks {p}");
        }
    }

    [Fact]
    public async Task Track_list_filters_pages_and_returns_titles_verbatim()
    {
        using var client = _factory.CreateApiClient();
        var page = await client.GetFromJsonAsync<JsonElement>("/api/tracks?yearFrom=1992&yearTo=1994&sort=year&desc=true&pageSize=2");
        Assert.Equal(3, page.GetProperty("total").GetInt64());
        var items = page.GetProperty("items");
        Assert.Equal(2, items.GetArrayLength());
        Assert.Equal(1994, items[0].GetProperty("year").GetInt32());

        var all = await client.GetFromJsonAsync<JsonElement>("/api/tracks?q=onerror");
        Assert.Equal("<img src=x onerror=alert(1)>", all.GetProperty("items")[0].GetProperty("title").GetString());

        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/api/tracks?sort=color")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/api/tracks?pageSize=0")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/api/tracks?yearFrom=2000&yearTo=1990")).StatusCode);
    }

    [Fact]
    public async Task Similar_validates_method_and_count_and_never_returns_the_seed()
    {
        using var client = _factory.CreateApiClient();
        var similar = await client.GetFromJsonAsync<JsonElement>("/api/tracks/2/similar?method=m2&n=3");
        Assert.Equal("m2", similar.GetProperty("method").GetString());
        var ids = similar.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt64()).ToList();
        Assert.Equal(3, ids.Count);
        Assert.DoesNotContain(2L, ids);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/api/tracks/2/similar?method=m9")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/api/tracks/2/similar?n=0")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/tracks/999/similar")).StatusCode);
    }

    [Fact]
    public async Task Audio_is_served_by_id_with_range_requests()
    {
        using var client = _factory.CreateApiClient();
        var full = await client.GetByteArrayAsync("/api/tracks/1/audio");
        Assert.Equal(File.ReadAllBytes(_backend.GetAudioFile(1)!), full);

        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/tracks/1/audio");
        request.Headers.Range = new RangeHeaderValue(100, 199);
        var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
        Assert.Equal("audio/wav", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(full[100..200], await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/tracks/999/audio")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/tracks/..%2Ft1.wav/audio")).StatusCode);
    }

    [Fact]
    public async Task Spectrogram_is_a_png()
    {
        using var client = _factory.CreateApiClient();
        var response = await client.GetAsync("/api/tracks/1/spectrogram.png");
        Assert.Equal("image/png", response.Content.Headers.ContentType!.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47 }, bytes[..4]);
    }

    [Trait("Category", "Slow")]
    [Fact]
    public async Task Analyze_returns_genres_and_recommendations_and_leaves_no_temp_file()
    {
        using var client = _factory.CreateApiClient();
        var response = await client.PostAsync("/api/analyze?n=5", Upload(TestWav.Tone(330, 0.5), "my song.wav"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("rock", body.GetProperty("top").GetString());
        Assert.Equal(0.7, body.GetProperty("genres").GetProperty("rock").GetDouble(), 6);
        Assert.Equal(5, body.GetProperty("recommendations").GetArrayLength());
        Assert.False(string.IsNullOrEmpty(body.GetProperty("recommendations")[0].GetProperty("why").GetString()));
        Assert.Equal(JsonValueKind.Null, body.GetProperty("added").ValueKind);
        Assert.Empty(Directory.GetFiles(_dir.File("tmp")));
    }

    [Trait("Category", "Slow")]
    [Fact]
    public async Task Analyze_can_add_to_the_library_under_a_server_chosen_name()
    {
        using var client = _factory.CreateApiClient();
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/api/auth/register", new { name = "uploader", password = "uploader-password" })).StatusCode);
        var content = Upload(TestWav.Tone(330, 0.5), "../../etc/evil name.wav");
        content.Add(new StringContent("true"), "add");
        var response = await client.PostAsync("/api/analyze", content);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var added = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("added");
        Assert.Equal("evil name", added.GetProperty("title").GetString());
        var stored = _backend.GetAudioFile(added.GetProperty("id").GetInt64())!;
        Assert.StartsWith(Path.Combine(_dir.File("lib"), "uploads") + Path.DirectorySeparatorChar, stored);
        Assert.DoesNotContain("evil", stored);
        Assert.EndsWith(".wav", stored);
        Assert.Empty(Directory.GetFiles(_dir.File("tmp")));
    }

    [Trait("Category", "Slow")]
    [Fact]
    public async Task Oversized_unsupported_and_corrupt_uploads_get_clear_errors_and_the_server_stays_healthy()
    {
        using var client = _factory.CreateApiClient();

        var big = await client.PostAsync("/api/analyze", Upload(new byte[200 * 1024], "big.wav"));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, big.StatusCode);
        Assert.Contains("MB", (await big.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());

        var text = await client.PostAsync("/api/analyze", Upload("hello"u8.ToArray(), "notes.txt"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, text.StatusCode);
        Assert.Contains(".txt", (await text.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());

        var bare = await client.PostAsync("/api/analyze", Upload("hello"u8.ToArray(), "hostname"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, bare.StatusCode);
        Assert.StartsWith("Files without an extension", (await bare.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString(), StringComparison.Ordinal);

        var corrupt = await client.PostAsync("/api/analyze", Upload("this is not audio at all"u8.ToArray(), "broken.wav"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, corrupt.StatusCode);
        var error = await corrupt.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Not an audio file (unrecognised or refused format).", error.GetProperty("reason").GetString());
        Assert.DoesNotContain(_dir.Path, error.GetRawText());

        var empty = await client.PostAsync("/api/analyze", Upload([], "empty.wav"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, empty.StatusCode);

        var noFile = await client.PostAsync("/api/analyze", new MultipartFormDataContent { { new StringContent("x"), "other" } });
        Assert.Equal(HttpStatusCode.BadRequest, noFile.StatusCode);

        Assert.Empty(Directory.GetFiles(_dir.File("tmp")));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/health")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("/api/analyze", Upload(TestWav.Tone(330, 0.5), "ok.wav"))).StatusCode);
    }

    [Fact]
    public async Task Analyses_beyond_the_limit_wait_in_the_queue()
    {
        var running = 0;
        var peak = 0;
        _backend.AnalysisHook = async ct =>
        {
            var now = Interlocked.Increment(ref running);
            InterlockedMax(ref peak, now);
            await Task.Delay(150, ct);
            Interlocked.Decrement(ref running);
        };
        using var client = _factory.CreateApiClient();
        var wav = TestWav.Tone(330, 0.3);
        var responses = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => client.PostAsync("/api/analyze", Upload(wav, "q.wav"))));
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(1, peak);
        Assert.Empty(Directory.GetFiles(_dir.File("tmp")));
    }

    [Fact]
    public async Task State_changing_calls_need_the_csrf_header_and_cookies_are_strict()
    {
        using var bare = _factory.CreateClient();
        var noHeader = await bare.PostAsJsonAsync("/api/auth/register", new { name = "mallory", password = "password123" });
        Assert.Equal(HttpStatusCode.Forbidden, noHeader.StatusCode);

        using var client = _factory.CreateApiClient();
        var ok = await client.PostAsJsonAsync("/api/auth/register", new { name = "alice", password = "password123" });
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        var cookie = ok.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("timbre.auth=", StringComparison.Ordinal));
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.StartsWith("AQAAAA", _backend.FindUser("alice")!.PasswordHash, StringComparison.Ordinal); // Identity v3 PBKDF2 format
    }

    [Trait("Category", "Slow")]
    [Fact]
    public async Task Accounts_sign_in_and_out_and_each_user_sees_only_their_own_likes()
    {
        using var alice = _factory.CreateApiClient();
        using var bob = _factory.CreateApiClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await alice.GetAsync("/api/me")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await alice.GetAsync("/api/me/taste")).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await alice.PostAsJsonAsync("/api/auth/register", new { name = "Alice", password = "correct horse" })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await bob.PostAsJsonAsync("/api/auth/register", new { name = "alice", password = "another pass" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await bob.PostAsJsonAsync("/api/auth/register", new { name = "bob", password = "short" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await bob.PostAsJsonAsync("/api/auth/register", new { name = "Bob", password = "bob's password" })).StatusCode);

        var liked = await alice.PostAsJsonAsync("/api/me/interactions", new { trackId = 3, kind = "like" });
        Assert.Equal(HttpStatusCode.OK, liked.StatusCode);
        Assert.Equal(3, (await liked.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("likes")[0].GetProperty("id").GetInt64());
        Assert.Equal(HttpStatusCode.NotFound, (await alice.PostAsJsonAsync("/api/me/interactions", new { trackId = 999, kind = "like" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await alice.PostAsJsonAsync("/api/me/interactions", new { trackId = 3, kind = "love" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await alice.PostAsJsonAsync("/api/me/interactions", new { trackId = 3, kind = "rating" })).StatusCode); // not on the wire

        var bobTaste = await bob.GetFromJsonAsync<JsonElement>("/api/me/taste");
        Assert.Equal(0, bobTaste.GetProperty("likes").GetArrayLength());

        Assert.Equal(HttpStatusCode.NoContent, (await alice.PostAsync("/api/auth/logout", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await alice.GetAsync("/api/me/taste")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await alice.PostAsJsonAsync("/api/auth/login", new { name = "alice", password = "wrong password" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await alice.PostAsJsonAsync("/api/auth/login", new { name = "alice", password = "correct horse" })).StatusCode);
        var taste = await alice.GetFromJsonAsync<JsonElement>("/api/me/taste");
        Assert.Equal(3, taste.GetProperty("likes")[0].GetProperty("id").GetInt64());

        var recs = await alice.GetFromJsonAsync<JsonElement>("/api/me/recommendations?method=multi&n=3");
        Assert.DoesNotContain(3L, recs.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt64()));
    }

    private static MultipartFormDataContent Upload(byte[] bytes, string fileName)
    {
        var content = new MultipartFormDataContent();
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        content.Add(file, "file", fileName);
        return content;
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while (value > (current = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
