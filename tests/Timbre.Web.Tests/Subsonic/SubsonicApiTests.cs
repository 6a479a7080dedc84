using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Xml.Linq;
using Timbre.Analyzers;
using Timbre.Audio;
using Timbre.Web.Backend;
using Timbre.Storage.Sqlite;
using Timbre.Web.Catalog;
using Timbre.Web.Tests.Support;

namespace Timbre.Web.Tests.Subsonic;

/// <summary>
/// The OpenSubsonic API through the real pipeline over a catalogued test library (8 tracks: 4 families, one album
/// and artist each): authentication rules, XML and JSON shapes, browsing, streaming a range, stars as likes,
/// playlists, similarity and cover art.
/// </summary>
public sealed class SubsonicApiTests(SubsonicApiTests.Server server) : IClassFixture<SubsonicApiTests.Server>
{
    private readonly CatalogBackend _backend = server.Backend;
    private readonly HttpClient _client = server.Client;
    private readonly TestLibrary _library = server.Library;
    private readonly WebUser _ann = server.Ann;
    private readonly string _key = server.Key;

    /// <summary>One catalogued library and app for the class (tests touch different tracks and users).</summary>
    public sealed class Server : IDisposable
    {
        private readonly WebFactory _factory;

        public Server()
        {
            var decoder = AudioDecoders.CreateDefault();
            var analyzer = new SummaryFeatureAnalyzer();
            Library.Catalogue(analyzer, decoder);
            Backend = new CatalogBackend(new SqliteCatalogStore(Library.CatalogPath), decoder, analyzer);
            Directory.CreateDirectory(Library.Dir.File("tmp"));
            _factory = new WebFactory(new TimbreWebOptions { TempDirectory = Library.Dir.File("tmp") }, Backend);
            Client = _factory.CreateBareClient();
            Ann = Backend.CreateUser("ann", "not-a-real-hash");
            Key = Backend.CreateApiKey(Ann.Id, "test").Key;
        }

        public TestLibrary Library { get; } = new(perFamily: 2, seconds: 1.0);

        internal WebFactory Factory => _factory;

        public CatalogBackend Backend { get; }

        public HttpClient Client { get; }

        public WebUser Ann { get; }

        public string Key { get; }

        public void Dispose()
        {
            Client.Dispose();
            _factory.Dispose();
            Backend.Dispose();
            Library.Dispose();
        }
    }

    [Theory]
    [InlineData("", 10)]
    [InlineData("u=ann&t=abc&s=def", 41)]
    [InlineData("u=ann&p=secret", 42)]
    [InlineData("u=ann&apiKey=KEY", 43)]
    [InlineData("apiKey=tmb_not-a-key", 44)]
    [InlineData("apiKey=KEY", -1)]
    public async Task Only_a_valid_api_key_signs_in(string auth, int code)
    {
        var json = await Json("ping", auth.Replace("KEY", _key, StringComparison.Ordinal));

        Assert.Equal(code < 0 ? "ok" : "failed", json.GetProperty("status").GetString());
        if (code >= 0)
        {
            Assert.Equal(code, json.GetProperty("error").GetProperty("code").GetInt32());
        }
    }

    [Fact]
    public async Task Extensions_are_listed_without_a_key_and_every_answer_carries_the_opensubsonic_fields()
    {
        var json = await Json("getOpenSubsonicExtensions", "");

        Assert.Equal("ok", json.GetProperty("status").GetString());
        Assert.True(json.GetProperty("openSubsonic").GetBoolean());
        Assert.Equal("timbre", json.GetProperty("type").GetString());
        Assert.Equal("1.16.1", json.GetProperty("version").GetString());
        var names = json.GetProperty("openSubsonicExtensions").EnumerateArray().Select(e => e.GetProperty("name").GetString()).ToList();
        Assert.Contains("apiKeyAuthentication", names);
        Assert.Contains("sonicSimilarity", names);
        Assert.Equal(1, json.GetProperty("openSubsonicExtensions")[0].GetProperty("versions")[0].GetInt32());
    }

    [Fact]
    public async Task Xml_is_the_default_with_the_subsonic_namespace_attributes_and_repeated_elements()
    {
        var albumId = (await Json("getAlbumList2", $"apiKey={_key}&type=alphabeticalByName")).GetProperty("albumList2").GetProperty("album")[0].GetProperty("id").GetString();
        using var response = await _client.GetAsync($"/rest/getAlbum.view?apiKey={_key}&id={albumId}");
        Assert.StartsWith("text/xml", response.Content.Headers.ContentType!.ToString());
        var root = XDocument.Parse(await response.Content.ReadAsStringAsync()).Root!;
        XNamespace ns = "http://subsonic.org/restapi";

        Assert.Equal(ns + "subsonic-response", root.Name);
        Assert.Equal("ok", root.Attribute("status")!.Value);
        var album = root.Element(ns + "album")!;
        Assert.Equal(albumId, album.Attribute("id")!.Value);
        Assert.Equal("2", album.Attribute("songCount")!.Value);
        var songs = album.Elements(ns + "song").ToList();
        Assert.Equal(2, songs.Count);
        Assert.Equal("false", songs[0].Attribute("isDir")!.Value);
        Assert.Equal(albumId, songs[0].Attribute("albumId")!.Value);
        Assert.DoesNotContain(_library.Root, await response.Content.ReadAsStringAsync()); // never a server path
    }

    [Fact]
    public async Task Artists_lead_to_albums_and_songs_with_stable_ids_and_json_types()
    {
        var artists = (await Json("getArtists", $"apiKey={_key}")).GetProperty("artists").GetProperty("index");
        var all = artists.EnumerateArray().SelectMany(i => i.GetProperty("artist").EnumerateArray()).ToList();
        Assert.Equal(4, all.Count);
        var bright = all.Single(a => a.GetProperty("name").GetString() == "bright band");
        Assert.Equal(1, bright.GetProperty("albumCount").GetInt32());
        Assert.Equal(App.Players.MusicLibrary.ArtistId("BRIGHT  band"), bright.GetProperty("id").GetString()); // from the normalised name

        var artist = (await Json("getArtist", $"apiKey={_key}&id={bright.GetProperty("id").GetString()}")).GetProperty("artist");
        var albumId = artist.GetProperty("album")[0].GetProperty("id").GetString();
        var album = (await Json("getAlbum", $"apiKey={_key}&id={albumId}")).GetProperty("album");
        Assert.Equal("bright album", album.GetProperty("name").GetString());
        var song = album.GetProperty("song")[0];
        Assert.Equal(JsonValueKind.String, song.GetProperty("id").ValueKind);
        Assert.Equal(JsonValueKind.Number, song.GetProperty("duration").ValueKind);
        Assert.Equal("wav", song.GetProperty("suffix").GetString());
        Assert.Equal(1, song.GetProperty("track").GetInt32());

        var again = (await Json("getSong", $"apiKey={_key}&id={song.GetProperty("id").GetString()}")).GetProperty("song");
        Assert.Equal(song.GetProperty("title").GetString(), again.GetProperty("title").GetString());
        Assert.Equal(70, (await Json("getAlbum", $"apiKey={_key}&id=al-nothing")).GetProperty("error").GetProperty("code").GetInt32());
        Assert.Equal(10, (await Json("getAlbum", $"apiKey={_key}")).GetProperty("error").GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task Stream_serves_the_file_by_id_with_byte_ranges()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/rest/stream?apiKey={_key}&id=1");
        request.Headers.Range = new RangeHeaderValue(10, 109);
        using var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(File.ReadAllBytes(_library.Tracks[0].Path).AsSpan(10, 100).ToArray(), bytes);
        Assert.Equal(70, (await Json("stream", $"apiKey={_key}&id=999")).GetProperty("error").GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task Star_and_unstar_are_the_users_likes_and_scrobble_records_a_play()
    {
        await Json("star", $"apiKey={_key}&id=2&id=3");
        Assert.Equal([2L, 3L], (await _backend.GetTasteAsync(_ann.Id)).Likes.Select(t => t.Id).Order());
        var starred = (await Json("getStarred2", $"apiKey={_key}")).GetProperty("starred2");
        Assert.Equal(2, starred.GetProperty("song").GetArrayLength());
        Assert.True(starred.GetProperty("song")[0].TryGetProperty("starred", out _));

        await Post("unstar", $"apiKey={_key}&id=3"); // form POST, as the formPost extension allows
        Assert.Equal([2L], (await _backend.GetTasteAsync(_ann.Id)).Likes.Select(t => t.Id));

        await Json("scrobble", $"apiKey={_key}&id=4&submission=false");
        Assert.Empty((await _backend.GetTasteAsync(_ann.Id)).Plays);
        await Json("scrobble", $"apiKey={_key}&id=4");
        Assert.Equal(1, (await _backend.GetTasteAsync(_ann.Id)).Plays[4]);
        var frequent = (await Json("getAlbumList2", $"apiKey={_key}&type=frequent")).GetProperty("albumList2").GetProperty("album");
        Assert.Equal(1, frequent.GetArrayLength());
    }

    [Fact]
    public async Task Playlists_are_created_changed_and_deleted_by_their_owner_only()
    {
        var created = (await Json("createPlaylist", $"apiKey={_key}&name=Mix&songId=1&songId=5")).GetProperty("playlist");
        var id = created.GetProperty("id").GetString();
        Assert.Equal(2, created.GetProperty("entry").GetArrayLength());

        await Json("updatePlaylist", $"apiKey={_key}&playlistId={id}&name=Evening&songIndexToRemove=0&songIdToAdd=2");
        var playlist = (await Json("getPlaylist", $"apiKey={_key}&id={id}")).GetProperty("playlist");
        Assert.Equal("Evening", playlist.GetProperty("name").GetString());
        Assert.Equal(["5", "2"], playlist.GetProperty("entry").EnumerateArray().Select(e => e.GetProperty("id").GetString()));

        var bob = _backend.CreateUser("bob", "h");
        var bobKey = _backend.CreateApiKey(bob.Id, "phone").Key;
        Assert.Equal(70, (await Json("getPlaylist", $"apiKey={bobKey}&id={id}")).GetProperty("error").GetProperty("code").GetInt32());
        Assert.Equal(0, (await Json("getPlaylists", $"apiKey={bobKey}")).GetProperty("playlists").GetProperty("playlist").GetArrayLength());

        await Json("deletePlaylist", $"apiKey={_key}&id={id}");
        Assert.Equal(0, (await Json("getPlaylists", $"apiKey={_key}")).GetProperty("playlists").GetProperty("playlist").GetArrayLength());
    }

    [Fact]
    public async Task Similar_songs_come_from_the_recommender_and_the_sonic_path_joins_two_songs()
    {
        var similar = (await Json("getSimilarSongs2", $"apiKey={_key}&id=1&count=3")).GetProperty("similarSongs2").GetProperty("song");
        Assert.Equal(3, similar.GetArrayLength());
        Assert.DoesNotContain("1", similar.EnumerateArray().Select(s => s.GetProperty("id").GetString()));
        Assert.Equal(
            (await _backend.SimilarAsync(1, SimilarMethod.M1, 3)).Select(s => s.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            similar.EnumerateArray().Select(s => s.GetProperty("id").GetString()));

        var sonic = (await Json("getSonicSimilarTracks", $"apiKey={_key}&id=1&count=2")).GetProperty("sonicMatch");
        Assert.Equal(2, sonic.GetArrayLength());
        var first = sonic[0].GetProperty("similarity").GetDouble();
        Assert.InRange(first, 0, 1);
        Assert.True(first >= sonic[1].GetProperty("similarity").GetDouble());

        var path = (await Json("findSonicPath", $"apiKey={_key}&startSongId=1&endSongId=8&count=4")).GetProperty("sonicMatch");
        Assert.Equal("1", path[0].GetProperty("entry").GetProperty("id").GetString());
        Assert.Equal("8", path[path.GetArrayLength() - 1].GetProperty("entry").GetProperty("id").GetString());
        Assert.Equal(1.0, path[0].GetProperty("similarity").GetDouble(), 3);

        var top = (await Json("getTopSongs", $"apiKey={_key}&artist=bright%20band")).GetProperty("topSongs").GetProperty("song");
        Assert.Equal(2, top.GetArrayLength());
    }

    [Fact]
    public async Task Cover_art_is_a_png_tile_for_files_without_a_picture()
    {
        var albumId = (await Json("getAlbumList2", $"apiKey={_key}&type=newest")).GetProperty("albumList2").GetProperty("album")[0].GetProperty("id").GetString();
        using var response = await _client.GetAsync($"/rest/getCoverArt?apiKey={_key}&id={albumId}&size=64");

        Assert.Equal("image/png", response.Content.Headers.ContentType!.MediaType);
        var png = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
        Assert.Equal(64, (png[16] << 24) | (png[17] << 16) | (png[18] << 8) | png[19]); // IHDR width
        Assert.Equal(70, (await Json("getCoverArt", $"apiKey={_key}&id=../../etc/passwd")).GetProperty("error").GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task Album_lists_page_and_search_finds_by_title_or_everything_when_empty()
    {
        var first = (await Json("getAlbumList2", $"apiKey={_key}&type=alphabeticalByName&size=3")).GetProperty("albumList2").GetProperty("album");
        var rest = (await Json("getAlbumList2", $"apiKey={_key}&type=alphabeticalByName&size=3&offset=3")).GetProperty("albumList2").GetProperty("album");
        Assert.Equal(3, first.GetArrayLength());
        Assert.Equal(1, rest.GetArrayLength());
        Assert.Equal("bright album", first[0].GetProperty("name").GetString());

        var found = (await Json("search3", $"apiKey={_key}&query=noisy")).GetProperty("searchResult3");
        Assert.Equal(1, found.GetProperty("artist").GetArrayLength());
        Assert.Equal(2, found.GetProperty("song").GetArrayLength());
        var everything = (await Json("search3", $"apiKey={_key}&query=%22%22&songCount=100")).GetProperty("searchResult3");
        Assert.Equal(8, everything.GetProperty("song").GetArrayLength());
        Assert.Equal(5, (await Json("getRandomSongs", $"apiKey={_key}&size=5")).GetProperty("randomSongs").GetProperty("song").GetArrayLength());
        Assert.Equal(0, (await Json("getAlbumList2", $"apiKey={_key}&type=nonsense")).GetProperty("error").GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task Account_page_keys_are_shown_once_listed_by_prefix_work_on_rest_and_stop_when_revoked()
    {
        using var web = server.Factory.CreateApiClient();
        var register = await web.PostAsJsonAsync("/api/auth/register", new { name = "keyholder", password = "keyholder-password-1" });
        Assert.True(register.IsSuccessStatusCode);

        var created = await (await web.PostAsJsonAsync("/api/me/apikeys", new { name = "phone" })).Content.ReadFromJsonAsync<JsonElement>();
        var key = created.GetProperty("key").GetString()!;
        var list = await web.GetFromJsonAsync<JsonElement>("/api/me/apikeys");
        Assert.Equal(key[..8], list[0].GetProperty("prefix").GetString());
        Assert.DoesNotContain(key, list.GetRawText());
        Assert.Equal("ok", (await Json("ping", $"apiKey={key}")).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, (await web.PostAsJsonAsync("/api/me/apikeys", new { name = " " })).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await web.DeleteAsync($"/api/me/apikeys/{list[0].GetProperty("id").GetInt64()}")).StatusCode);
        Assert.Equal(44, (await Json("ping", $"apiKey={key}")).GetProperty("error").GetProperty("code").GetInt32());
        Assert.Equal(HttpStatusCode.Unauthorized, (await _client.GetAsync("/api/me/apikeys")).StatusCode);
    }

    [Fact]
    public async Task Similar_tracks_download_as_m3u8_and_xspf_pointing_at_audio_urls_never_server_paths()
    {
        using var web = server.Factory.CreateApiClient();
        using var m3u = await web.GetAsync("/api/tracks/1/similar/playlist?n=3&format=m3u8");
        var text = await m3u.Content.ReadAsStringAsync();
        Assert.Equal("audio/x-mpegurl", m3u.Content.Headers.ContentType!.MediaType);
        Assert.Equal("similar-1.m3u8", m3u.Content.Headers.ContentDisposition!.FileName);
        var entries = App.Playlists.PlaylistFiles.ReadM3u(text);
        Assert.Equal(4, entries.Count);
        Assert.EndsWith("/api/tracks/1/audio", entries[0].Location);
        Assert.DoesNotContain(_library.Root, text);

        var xspf = await web.GetStringAsync("/api/tracks/1/similar/playlist?n=3&format=xspf");
        Assert.Equal(entries.Select(e => e.Location), App.Playlists.PlaylistFiles.ReadXspf(xspf).Select(e => e.Location));
        Assert.Equal(HttpStatusCode.BadRequest, (await web.GetAsync("/api/tracks/1/similar/playlist?format=pls")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await web.GetAsync("/api/me/recommendations/playlist")).StatusCode);
    }

    private async Task<JsonElement> Json(string method, string query)
    {
        var body = await _client.GetStringAsync($"/rest/{method}.view?f=json&{query}");
        return JsonDocument.Parse(body).RootElement.GetProperty("subsonic-response").Clone();
    }

    private async Task<JsonElement> Post(string method, string form)
    {
        using var content = new StringContent("f=json&" + form, System.Text.Encoding.UTF8, "application/x-www-form-urlencoded");
        using var response = await _client.PostAsync($"/rest/{method}", content);
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("subsonic-response").Clone();
        Assert.Equal("ok", json.GetProperty("status").GetString());
        return json;
    }
}
