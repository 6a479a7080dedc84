using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Timbre.Web.Tests.Support;

namespace Timbre.Web.Tests.Api;

/// <summary>Genres and genre-based recommenders through the API, over a catalog analysed by a tiny trained model.</summary>
[Trait("Category", "Slow")]
public sealed class GenreApiTests : IAsyncLifetime
{
    private GenreLibrary _genres = null!;
    private WebFactory _factory = null!;

    public Task InitializeAsync()
    {
        _genres = new GenreLibrary();
        _factory = new WebFactory(_genres.Options, _genres.Backend);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _factory.DisposeAsync();
        await _genres.DisposeAsync();
    }

    [Fact]
    public async Task Upload_answers_genre_probabilities_with_the_right_top_genre()
    {
        using var client = _factory.CreateApiClient();
        var content = new MultipartFormDataContent { { new ByteArrayContent(GenreLibrary.Clip(2)), "file", "noisy.wav" } };
        var response = await client.PostAsync("/api/analyze?n=5", content);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("noisy", body.GetProperty("top").GetString());
        var probabilities = body.GetProperty("genres").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetDouble());
        Assert.Equal(TestLibrary.Families.Order(), probabilities.Keys.Order());
        Assert.Equal(1.0, probabilities.Values.Sum(), 3);
        Assert.Equal(5, body.GetProperty("recommendations").GetArrayLength());
        Assert.Equal("noisy", body.GetProperty("recommendations")[0].GetProperty("genre").GetString());

        var genres = await client.GetFromJsonAsync<string[]>("/api/genres");
        Assert.Equal(TestLibrary.Families, genres);
        var filtered = await client.GetFromJsonAsync<JsonElement>("/api/tracks?genre=chord");
        Assert.Equal(3, filtered.GetProperty("total").GetInt64());
        Assert.All(filtered.GetProperty("items").EnumerateArray(), t => Assert.Equal("chord", t.GetProperty("predictedGenre").GetString()));
    }

    [Fact]
    public async Task Likes_shape_genre_shares_and_every_user_method_answers()
    {
        using var client = _factory.CreateApiClient();
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/api/auth/register", new { name = "dana", password = "dana-password" })).StatusCode);
        foreach (var id in new[] { 4, 5, 1 })
        {
            Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/api/me/interactions", new { trackId = id, kind = "like" })).StatusCode);
        }

        var taste = await client.GetFromJsonAsync<JsonElement>("/api/me/taste");
        Assert.Equal(2.0 / 3, taste.GetProperty("genreShares").GetProperty("bright").GetDouble(), 3);
        Assert.Equal(1.0 / 3, taste.GetProperty("genreShares").GetProperty("low").GetDouble(), 3);

        foreach (var method in new[] { "profile", "multi", "hybrid", "cf" })
        {
            var recs = await client.GetFromJsonAsync<JsonElement>($"/api/me/recommendations?method={method}&n=4");
            var items = recs.GetProperty("items").EnumerateArray().ToList();
            Assert.DoesNotContain(items, i => new long[] { 1, 4, 5 }.Contains(i.GetProperty("id").GetInt64()));
            if (method != "cf")
            {
                Assert.NotEmpty(items);
                Assert.All(items, i => Assert.False(string.IsNullOrWhiteSpace(i.GetProperty("why").GetString())));
            }
        }

        var profile = await client.GetFromJsonAsync<JsonElement>("/api/me/recommendations?method=profile&n=1");
        Assert.Equal("bright", profile.GetProperty("items")[0].GetProperty("genre").GetString());

        // A dislike moves the track out of the likes at once.
        var after = await (await client.PostAsJsonAsync("/api/me/interactions", new { trackId = 1, kind = "dislike" })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(2, after.GetProperty("likes").GetArrayLength());
        Assert.Equal(1, after.GetProperty("dislikes")[0].GetProperty("id").GetInt64());
        Assert.Equal(1.0, after.GetProperty("genreShares").GetProperty("bright").GetDouble(), 3);
    }
}
