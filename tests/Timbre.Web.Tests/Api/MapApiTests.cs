using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Timbre.Analyzers;
using Timbre.App.Map;
using Timbre.Audio;
using Timbre.Storage.Sqlite;
using Timbre.Web.Catalog;
using Timbre.Web.Tests.Support;

namespace Timbre.Web.Tests.Api;

/// <summary>
/// Issue 14: <c>GET /api/map</c> answers at once (computing, with progress) and then has one point per analysed track
/// in [0, 1]²; the map is cached next to the catalog and a restarted server reads it instead of computing again;
/// <c>/api/map/path</c> is the playlist path; the API reference page is served from this server.
/// </summary>
public sealed class MapApiTests : IDisposable
{
    private readonly TestLibrary _library = new(perFamily: 3);
    private readonly SummaryFeatureAnalyzer _analyzer = new();

    public MapApiTests()
    {
        _library.Catalogue(_analyzer, AudioDecoders.CreateDefault());
        Directory.CreateDirectory(_library.Dir.File("tmp"));
    }

    private string CacheFile => LibraryMaps.CacheFileFor(_library.CatalogPath)!;

    public void Dispose() => _library.Dispose();

    private WebFactory Factory(out CatalogBackend backend)
    {
        backend = new CatalogBackend(new SqliteCatalogStore(_library.CatalogPath), AudioDecoders.CreateDefault(), _analyzer, new CatalogBackendOptions { MapCacheFile = CacheFile });
        return new WebFactory(new TimbreWebOptions { TempDirectory = _library.Dir.File("tmp") }, backend);
    }

    private static async Task<JsonElement> ReadyMap(HttpClient client)
    {
        for (var i = 0; i < 1800; i++)
        {
            var map = await client.GetFromJsonAsync<JsonElement>("/api/map");
            if (!map.GetProperty("computing").GetBoolean())
            {
                return map;
            }

            var progress = map.GetProperty("progress").GetDouble();
            Assert.InRange(progress, 0, 1);
            await Task.Delay(100);
        }

        throw new TimeoutException("The map was not ready after 180 s.");
    }

    [Fact]
    public async Task Map_is_computed_in_the_background_cached_next_to_the_catalog_and_paths_join_two_tracks()
    {
        long[] ids;
        string firstKeyFile;
        using (var factory = Factory(out var backend))
        using (backend)
        {
            using var client = factory.CreateApiClient();
            var map = await ReadyMap(client);
            var tracks = map.GetProperty("tracks").EnumerateArray().ToList();
            Assert.Equal(12, tracks.Count);
            Assert.All(tracks, t =>
            {
                Assert.InRange(t.GetProperty("x").GetDouble(), 0, 1);
                Assert.InRange(t.GetProperty("y").GetDouble(), 0, 1);
                Assert.False(string.IsNullOrEmpty(t.GetProperty("title").GetString()));
            });
            ids = [.. tracks.Select(t => t.GetProperty("id").GetInt64())];
            Assert.True(File.Exists(CacheFile));
            firstKeyFile = await File.ReadAllTextAsync(CacheFile);

            var path = await client.GetFromJsonAsync<long[]>($"/api/map/path?from={ids[0]}&to={ids[^1]}&n=5");
            Assert.NotNull(path);
            Assert.Equal(5, path.Length);
            Assert.Equal(ids[0], path[0]);
            Assert.Equal(ids[^1], path[^1]);
            Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync($"/api/map/path?from={ids[0]}&to={ids[0]}")).StatusCode);
            Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync($"/api/map/path?from={ids[0]}&to=999999")).StatusCode);
            Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync($"/api/map/path?from={ids[0]}&to={ids[1]}&n=1")).StatusCode);
        }

        // A new server over the unchanged catalog: ready on the first request, from the file (which it leaves alone).
        var before = File.GetLastWriteTimeUtc(CacheFile);
        using (var factory = Factory(out var backend))
        using (backend)
        {
            using var client = factory.CreateApiClient();
            var map = await client.GetFromJsonAsync<JsonElement>("/api/map");
            Assert.False(map.GetProperty("computing").GetBoolean());
            Assert.Equal(ids, map.GetProperty("tracks").EnumerateArray().Select(t => t.GetProperty("id").GetInt64()));
            Assert.Equal(before, File.GetLastWriteTimeUtc(CacheFile));
            Assert.Equal(firstKeyFile, await File.ReadAllTextAsync(CacheFile));
        }
    }

    [Fact]
    public async Task Api_reference_page_is_served_locally_with_its_own_policy()
    {
        using var factory = Factory(out var backend);
        using var owned = backend;
        using var client = factory.CreateApiClient();
        var page = await client.GetAsync("/scalar/v1");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("<title>Timbre API</title>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("https://cdn", html, StringComparison.OrdinalIgnoreCase); // the viewer's script is served from here
        Assert.Contains("'unsafe-inline'", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);

        // Everywhere else the strict policy stays.
        var home = await client.GetAsync("/api/health");
        Assert.DoesNotContain("unsafe-inline", home.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        var openApi = await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        Assert.True(openApi.GetProperty("paths").TryGetProperty("/api/map", out _));
    }
}
