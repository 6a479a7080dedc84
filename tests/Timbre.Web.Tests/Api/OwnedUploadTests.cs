using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Timbre.Analyzers;
using Timbre.Audio;
using Timbre.Storage.Sqlite;
using Timbre.Web.Catalog;
using Timbre.Web.Tests.Support;

namespace Timbre.Web.Tests.Api;

/// <summary>
/// Issue 10 "Owned uploads" and "Search" through the real HTTP pipeline over the real backend (SQLite catalog,
/// real decoder and analyzer): adding needs a signed-in user, the owner alone deletes, a per-user quota.
/// </summary>
public sealed class OwnedUploadTests : IDisposable
{
    private readonly TestLibrary _library = new(perFamily: 2);
    private readonly CatalogBackend _backend;
    private readonly WebFactory _factory;

    public OwnedUploadTests()
    {
        var decoder = AudioDecoders.CreateDefault();
        var analyzer = new SummaryFeatureAnalyzer();
        _library.Catalogue(analyzer, decoder);
        _backend = new CatalogBackend(new SqliteCatalogStore(_library.CatalogPath), decoder, analyzer);
        _factory = new WebFactory(
            new TimbreWebOptions
            {
                TempDirectory = _library.Dir.File("tmp"),
                LibraryDirectory = _library.Dir.File("lib"),
                MaxUploadsPerUser = 2,
                MaxUploadBytesPerUser = 400_000,
            },
            _backend);
    }

    private string Uploads => _library.Dir.File(Path.Combine("lib", "uploads"));

    public void Dispose()
    {
        _factory.Dispose();
        _backend.Dispose();
        _library.Dispose();
    }

    [Fact]
    public async Task Adding_needs_a_signed_in_user_but_analysing_does_not()
    {
        using var anonymous = _factory.CreateApiClient();
        foreach (var (url, field) in new[] { ("/api/analyze?add=true", false), ("/api/analyze", true) })
        {
            var response = await anonymous.PostAsync(url, Clip("anon.wav", seconds: 1, addField: field));
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Contains("Sign in", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
        }

        var analysed = await anonymous.PostAsync("/api/analyze", Clip("anon.wav", seconds: 1));
        Assert.Equal(HttpStatusCode.OK, analysed.StatusCode);
        Assert.Equal(JsonValueKind.Null, (await analysed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("added").ValueKind);
        Assert.False(Directory.Exists(Uploads) && Directory.EnumerateFiles(Uploads).Any());
        Assert.Empty(Directory.GetFiles(_library.Dir.File("tmp"), "timbre-upload-*"));
        Assert.Equal(8, (await anonymous.GetFromJsonAsync<JsonElement>("/api/tracks")).GetProperty("total").GetInt64());
    }

    [Trait("Category", "Slow")]
    [Fact]
    public async Task Only_the_owner_deletes_an_upload_with_its_file_and_rows()
    {
        using var alice = await SignedIn("alice");
        using var bob = await SignedIn("bob");
        using var anonymous = _factory.CreateApiClient();
        var added = await Add(alice, "alice song.wav");
        var id = added.GetProperty("id").GetInt64();
        var aliceId = (await alice.GetFromJsonAsync<JsonElement>("/api/me")).GetProperty("id").GetInt64();
        Assert.Equal(aliceId, added.GetProperty("ownerId").GetInt64());
        var detail = await anonymous.GetFromJsonAsync<JsonElement>($"/api/tracks/{id}");
        Assert.Equal(aliceId, detail.GetProperty("track").GetProperty("ownerId").GetInt64());
        var file = Assert.Single(Directory.GetFiles(Uploads));
        Assert.Equal(HttpStatusCode.OK, (await bob.PostAsJsonAsync("/api/me/interactions", new { trackId = id, kind = "like" })).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.DeleteAsync($"/api/tracks/{id}")).StatusCode);
        var forbidden = await bob.DeleteAsync($"/api/tracks/{id}");
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Contains("Only the user who added", (await forbidden.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, (await alice.DeleteAsync("/api/tracks/1")).StatusCode); // scanned, nobody's
        Assert.Equal(HttpStatusCode.NotFound, (await alice.DeleteAsync("/api/tracks/9999")).StatusCode);
        using (var forged = new HttpRequestMessage(HttpMethod.Delete, $"/api/tracks/{id}"))
        {
            alice.DefaultRequestHeaders.Remove("X-Timbre-Request");
            Assert.Equal(HttpStatusCode.Forbidden, (await alice.SendAsync(forged)).StatusCode); // no CSRF header
            alice.DefaultRequestHeaders.Add("X-Timbre-Request", "1");
        }

        Assert.True(File.Exists(file));

        Assert.Equal(HttpStatusCode.NoContent, (await alice.DeleteAsync($"/api/tracks/{id}")).StatusCode);
        Assert.False(File.Exists(file));
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/api/tracks/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await alice.DeleteAsync($"/api/tracks/{id}")).StatusCode);
        Assert.Empty((await bob.GetFromJsonAsync<JsonElement>("/api/me/taste")).GetProperty("likes").EnumerateArray());
        Assert.Equal(8, (await anonymous.GetFromJsonAsync<JsonElement>("/api/tracks")).GetProperty("total").GetInt64());
        Assert.Equal(8, (await bob.GetFromJsonAsync<JsonElement>("/api/tracks/1/similar?n=50")).GetProperty("items").GetArrayLength() + 1);

        using var store = new SqliteCatalogStore(_library.CatalogPath);
        Assert.Null(store.FindTrack(id));
        var stats = store.GetStats();
        Assert.Equal(8, stats.Analyses);
        Assert.Equal(0, stats.Interactions);
    }

    [Trait("Category", "Slow")]
    [Fact]
    public async Task The_quota_counts_files_and_bytes_per_user_and_deleting_frees_room()
    {
        using var alice = await SignedIn("alice");
        using var bob = await SignedIn("bob");
        var first = await Add(alice, "one.wav");
        await Add(alice, "two.wav");

        var third = await alice.PostAsync("/api/analyze", Clip("three.wav", seconds: 1, addField: true));
        Assert.Equal(HttpStatusCode.Forbidden, third.StatusCode);
        Assert.Contains("(2)", (await third.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
        Assert.Equal(2, Directory.GetFiles(Uploads).Length); // the refused copy is not left behind

        // Bob has his own quota; 400 000 bytes hold one 5 s clip (220 kB) but not two.
        await Add(bob, "bob.wav", seconds: 5);
        var tooMuch = await bob.PostAsync("/api/analyze", Clip("bob2.wav", seconds: 5, addField: true));
        Assert.Equal(HttpStatusCode.Forbidden, tooMuch.StatusCode);
        Assert.Contains("MB", (await tooMuch.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());

        Assert.Equal(HttpStatusCode.NoContent, (await alice.DeleteAsync($"/api/tracks/{first.GetProperty("id").GetInt64()}")).StatusCode);
        await Add(alice, "three.wav");
        Assert.Equal(3, Directory.GetFiles(Uploads).Length);
        Assert.Empty(Directory.GetFiles(_library.Dir.File("tmp"), "timbre-upload-*"));
    }

    [Fact]
    public async Task Search_matches_tags_and_file_names_never_the_folders_of_the_path()
    {
        using var client = _factory.CreateApiClient();
        async Task<long> Count(string q) => (await client.GetFromJsonAsync<JsonElement>($"/api/tracks?q={Uri.EscapeDataString(q)}")).GetProperty("total").GetInt64();

        // Every track lives in .../timbre-web-tests-<id>/music/: neither folder name may match.
        Assert.Equal(0, await Count("music"));
        Assert.Equal(0, await Count("timbre-web-tests"));
        Assert.Equal(0, await Count(Path.GetFileName(_library.Dir.Path)));
        Assert.Equal(0, await Count("/"));

        // "bright-1" is only in a file name (titles say "bright song 1"); "band" only in artists; "chord" in genre tags too.
        Assert.Equal(1, await Count("bright-1"));
        Assert.Equal(1, await Count("bright-1.wav"));
        Assert.Equal(8, await Count("band"));
        Assert.Equal(2, await Count("CHORD"));
    }

    private async Task<HttpClient> SignedIn(string name)
    {
        var client = _factory.CreateApiClient();
        var response = await client.PostAsJsonAsync("/api/auth/register", new { name, password = $"{name}-long-password-1" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return client;
    }

    private static async Task<JsonElement> Add(HttpClient client, string name, double seconds = 1)
    {
        var response = await client.PostAsync("/api/analyze", Clip(name, seconds, addField: true));
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("added");
    }

    private static MultipartFormDataContent Clip(string name, double seconds, bool addField = false)
    {
        var content = new MultipartFormDataContent { { new ByteArrayContent(TestWav.Encode(TestLibrary.Synth(2, name.Length, seconds, 22050), 22050)), "file", name } };
        if (addField)
        {
            content.Add(new StringContent("true"), "add");
        }

        return content;
    }
}
