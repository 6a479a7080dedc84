using Timbre.Core.Catalog;
using Timbre.Web.Backend;

namespace Timbre.Web.Subsonic;

/// <summary>
/// Similarity from Timbre's recommenders over the web app's live snapshot: getSimilarSongs(2) (seeds: a song, an
/// album's songs or an artist's songs; the content recommender m1), getTopSongs (an artist's songs, the user's most
/// played first, then the most typical of the artist's sound), and the OpenSubsonic <c>sonicSimilarity</c> extension
/// (getSonicSimilarTracks; findSonicPath = Timbre's playlist path between two songs).
/// </summary>
internal static class SubsonicSimilar
{
    public static async Task GetSimilarSongs2(SubsonicRequest q, SubsonicNode r)
    {
        var (similar, shapes) = await SimilarAsync(q);
        r.Add("similarSongs2", new SubsonicNode().AddList("song", similar.Select(m => shapes.Song(m.Track))));
    }

    public static async Task GetSimilarSongs(SubsonicRequest q, SubsonicNode r)
    {
        var (similar, shapes) = await SimilarAsync(q);
        r.Add("similarSongs", new SubsonicNode().AddList("song", similar.Select(m => shapes.Song(m.Track))));
    }

    public static void GetTopSongs(SubsonicRequest q, SubsonicNode r)
    {
        var shapes = SubsonicBrowsing.Shapes(q);
        var name = q.Require("artist");
        var count = q.Int("count", 50, 1, 500);
        var artist = shapes.Library.Artist(App.Players.MusicLibrary.ArtistId(name));
        var tracks = artist?.Albums.SelectMany(a => a.Tracks).ToDictionary(t => t.Id) ?? [];
        var plays = q.Player.Plays(q.User.Id);
        var typical = q.Player.MostTypical([.. tracks.Keys]).Select((m, rank) => (m.Id, rank)).ToDictionary(x => x.Id, x => x.rank);
        var ordered = tracks.Values.OrderByDescending(t => plays.GetValueOrDefault(t.Id).Count).ThenBy(t => typical.GetValueOrDefault(t.Id)).Take(count);
        r.Add("topSongs", new SubsonicNode().AddList("song", ordered.Select(t => shapes.Song(t))));
    }

    public static async Task GetSonicSimilarTracks(SubsonicRequest q, SubsonicNode r)
    {
        var (similar, shapes) = await SimilarAsync(q);
        r.AddList("sonicMatch", similar.Select(m => Match(shapes, m.Track, m.Similarity)));
    }

    public static async Task FindSonicPath(SubsonicRequest q, SubsonicNode r)
    {
        var shapes = SubsonicBrowsing.Shapes(q);
        var from = q.Player.FindTrackRecord(q.SongId("startSongId")) ?? throw SubsonicException.NotFound("Song");
        var to = q.Player.FindTrackRecord(q.SongId("endSongId")) ?? throw SubsonicException.NotFound("Song");
        if (from.Id == to.Id)
        {
            throw new SubsonicException(SubsonicCodes.Generic, "startSongId and endSongId are the same song.");
        }

        var path = await q.Player.SonicPathAsync(from.Id, to.Id, q.Int("count", 25, 2, 200), q.Context.RequestAborted);
        r.AddList("sonicMatch", (await ResolveAsync(q, path)).Select(m => Match(shapes, m.Track, m.Similarity)));
    }

    private static SubsonicNode Match(SubsonicShapes shapes, TrackRecord track, double similarity) =>
        new SubsonicNode().Add("entry", shapes.Song(track)).Set("similarity", similarity);

    /// <summary>Seeds from <c>id</c> (song, album or artist), then the similar songs with their similarity.</summary>
    private static async Task<(List<(TrackRecord Track, double Similarity)> Similar, SubsonicShapes Shapes)> SimilarAsync(SubsonicRequest q)
    {
        var shapes = SubsonicBrowsing.Shapes(q);
        var id = q.Require("id");
        var count = q.Int("count", 50, 1, 500);
        IReadOnlyList<long> seeds = SubsonicRequest.ParseSongId(id) is { } song && q.Player.FindTrackRecord(song) is not null
            ? [song]
            : shapes.Library.Album(id)?.Tracks.Select(t => t.Id).ToList()
                ?? shapes.Library.Artist(id)?.Albums.SelectMany(a => a.Tracks).Select(t => t.Id).ToList()
                ?? throw SubsonicException.NotFound("Song, album or artist");
        return (await ResolveAsync(q, await q.Player.SimilarToAsync(seeds, count, q.Context.RequestAborted)), shapes);
    }

    /// <summary>The matches' catalog tracks (one read for the list), leaving out those gone meanwhile.</summary>
    private static async Task<List<(TrackRecord Track, double Similarity)>> ResolveAsync(SubsonicRequest q, IReadOnlyList<SonicMatch> matches)
    {
        var tracks = (await q.Player.FindTrackRecordsAsync([.. matches.Select(m => m.Id)], q.Context.RequestAborted)).ToDictionary(t => t.Id);
        return [.. matches.Where(m => tracks.ContainsKey(m.Id)).Select(m => (tracks[m.Id], m.Similarity))];
    }
}
