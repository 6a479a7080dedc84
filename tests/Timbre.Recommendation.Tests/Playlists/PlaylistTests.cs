using Timbre.Recommendation.Domain;
using Timbre.Recommendation.Playlists;
using Timbre.Recommendation.Similarity;

namespace Timbre.Recommendation.Tests.Playlists;

public class PlaylistTests
{
    [Fact]
    public async Task PathStartsAndEndsAtTheEndpointsWithoutRepeatsAndMovesTowardsTheEnd()
    {
        var ctx = Fixtures.Context();
        var path = await new PlaylistBuilder(ctx).PathAsync(1, 81, 10);
        Assert.Equal(10, path.Count);
        Assert.Equal(1, path[0]);
        Assert.Equal(81, path[^1]);
        Assert.Equal(10, path.Distinct().Count());
        var end = ctx.Index.VectorAt(ctx.RowOf(81)).ToArray();
        var firstHalf = path.Take(5).Average(id => VectorMath.Cosine(ctx.Index.VectorAt(ctx.RowOf(id)), end));
        var secondHalf = path.Skip(5).Average(id => VectorMath.Cosine(ctx.Index.VectorAt(ctx.RowOf(id)), end));
        Assert.True(secondHalf > firstHalf);
        await Assert.ThrowsAsync<RecommendationException>(() => new PlaylistBuilder(ctx).PathAsync(1, 81, 1));
    }

    [Fact]
    public async Task RadioNeverRepeatsAndEndsWhenTheCatalogIsExhausted()
    {
        var ctx = Fixtures.Context();
        var radio = await new PlaylistBuilder(ctx).RadioAsync(1);
        var played = new List<long>();
        while (await radio.NextAsync() is { } id)
        {
            played.Add(id);
        }

        Assert.Equal(99, played.Count);
        Assert.Equal(99, played.Distinct().Count());
        Assert.DoesNotContain(1L, played);
        Assert.Equal(100, radio.Played.Count);
    }

    [Fact]
    public async Task RadioStaysNearTheSeedAtFirstAndSeparatesArtists()
    {
        var ctx = Fixtures.Context();
        var radio = await new PlaylistBuilder(ctx).RadioAsync(1);
        var first = new List<long>();
        for (var i = 0; i < 8; i++)
        {
            first.Add((await radio.NextAsync())!.Value);
        }

        Assert.True(first.Count(id => ctx.TopGenreOf(ctx.RowOf(id)) == 0) >= 7);
        var artists = radio.Played.Select(id => ctx.Tracks[ctx.RowOf(id)].Artist).ToList();
        for (var i = 1; i < artists.Count; i++)
        {
            Assert.DoesNotContain(artists[i], artists.Skip(Math.Max(0, i - 3)).Take(Math.Min(3, i)));
        }
    }
}
