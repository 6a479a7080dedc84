using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Timbre.Web.Api;
using Timbre.Web.Uploads;

namespace Timbre.Web.Subsonic;

/// <summary>Audio (stream and download: the file as stored, with HTTP ranges; no transcoding) and cover art.</summary>
internal static class SubsonicMedia
{
    private const int DefaultCoverSize = 300;

    /// <summary>The song's file by catalog id, with range requests; nothing in the request names a file.</summary>
    public static Task<IResult> Stream(SubsonicRequest q)
    {
        var id = q.SongId();
        var path = q.Backend.GetAudioFile(id) ?? throw SubsonicException.NotFound("Song");
        return Task.FromResult(Results.File(path, AudioContentTypes.For(path), enableRangeProcessing: true));
    }

    /// <summary>
    /// <c>id</c> is a song id (its embedded picture), an album id (its first track's), or an artist or playlist id
    /// (a tile); <c>size</c> fits the picture in a square (16–1024, default 300 for tiles, original for embedded art).
    /// </summary>
    public static async Task<IResult> GetCoverArt(SubsonicRequest q)
    {
        var id = q.Require("id");
        var size = q.Has("size") ? q.Int("size", DefaultCoverSize, 16, 1024) : (int?)null;
        var covers = q.Context.RequestServices.GetRequiredService<CoverArt>();
        var key = size ?? 0;
        if (covers.Cached(id, key) is { } cached)
        {
            return Results.File(cached, "image/png");
        }

        long? track = SubsonicRequest.ParseSongId(id) ?? q.Player.Library().Album(id)?.Tracks[0].Id;
        if (track is null && q.Player.Library().Artist(id) is null && !id.StartsWith("pl-", StringComparison.Ordinal))
        {
            throw SubsonicException.NotFound("Cover art");
        }

        byte[]? png = null;
        if (track is { } t)
        {
            var queue = q.Context.RequestServices.GetRequiredService<AnalysisQueue>();
            png = await queue.RunAsync(token => q.Player.CoverArt(t, size, token), q.Context.RequestAborted);
        }

        png ??= CoverArt.Tile(id, size ?? DefaultCoverSize);
        covers.Keep(id, key, png);
        return Results.File(png, "image/png");
    }
}
