using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Timbre.App.Playlists;
using Timbre.Core.Errors;
using Timbre.Web.Auth;
using Timbre.Web.Backend;

namespace Timbre.Web.Api;

/// <summary>
/// Recommendations and similar tracks as playlist files (M3U8 or XSPF) to open in any player. Entries point at this
/// server's <c>/api/tracks/{id}/audio</c> URLs, never at server paths.
/// </summary>
internal static class PlaylistEndpoints
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/me/recommendations/playlist", Recommendations).WithTags("me")
            .WithSummary("The signed-in user's recommendations as a playlist file (format=m3u8|xspf).");
        endpoints.MapGet("/api/tracks/{id:long}/similar/playlist", Similar).WithTags("library")
            .WithSummary("Similar tracks as a playlist file (format=m3u8|xspf), the track itself first.");
    }

    private static async Task<IResult> Recommendations(HttpContext context, ITimbreBackend backend, TimbreWebOptions options, string? method, int? n, string? format)
    {
        var m = QueryParsing.ParseEnum(method, UserMethod.Profile, "method");
        var f = Format(format);
        if (CurrentUser.Get(context, backend) is not { } user)
        {
            return Results.Json(new ApiError("Sign in first."), statusCode: StatusCodes.Status401Unauthorized);
        }

        var items = await backend.RecommendForAsync(user.Id, m, QueryParsing.Count(n, options), context.RequestAborted);
        return File(context, f, $"Timbre recommendations for {user.Name}", items.Select(i => (i.Id, i.Title, i.Artist, i.DurationSeconds)), "recommendations");
    }

    private static async Task<IResult> Similar(HttpContext context, ITimbreBackend backend, TimbreWebOptions options, long id, string? method, int? n, string? format)
    {
        var m = QueryParsing.ParseEnum(method, SimilarMethod.M1, "method");
        var f = Format(format);
        if (backend.GetTrack(id) is not { } track)
        {
            return Results.NotFound(new ApiError($"No track with id {id}."));
        }

        var seed = track.Track;
        var items = (await backend.SimilarAsync(id, m, QueryParsing.Count(n, options), context.RequestAborted)).Select(i => (i.Id, i.Title, i.Artist, i.DurationSeconds));
        return File(context, f, $"Like {seed.Title}", items.Prepend((seed.Id, seed.Title, seed.Artist, seed.DurationSeconds)), $"similar-{id.ToString(CultureInfo.InvariantCulture)}");
    }

    private static PlaylistFormat Format(string? format) => (format ?? "m3u8").Trim().ToLowerInvariant() switch
    {
        "m3u8" or "m3u" => PlaylistFormat.M3u8,
        "xspf" => PlaylistFormat.Xspf,
        _ => throw new TimbreException($"Unknown playlist format '{format}'; use m3u8 or xspf."),
    };

    private static IResult File(HttpContext context, PlaylistFormat format, string title, IEnumerable<(long Id, string Title, string Artist, double Seconds)> tracks, string fileName)
    {
        var origin = $"{context.Request.Scheme}://{context.Request.Host}";
        var entries = tracks.Select(t => new PlaylistEntry($"{origin}/api/tracks/{t.Id.ToString(CultureInfo.InvariantCulture)}/audio", t.Title, string.IsNullOrEmpty(t.Artist) ? null : t.Artist, t.Seconds)).ToList();
        var text = PlaylistFiles.Write(format, title, entries);
        var extension = format == PlaylistFormat.Xspf ? "xspf" : "m3u8";
        return Results.File(System.Text.Encoding.UTF8.GetBytes(text), PlaylistFiles.ContentType(format), $"{fileName}.{extension}");
    }
}
