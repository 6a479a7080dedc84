using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Timbre.Core.Errors;
using Timbre.Web.Auth;
using Timbre.Web.Backend;
using Timbre.Web.Imaging;
using Timbre.Web.Uploads;

namespace Timbre.Web.Api;

/// <summary>The library: list, one track, similar tracks, spectrogram and audio stream.</summary>
internal static class TrackEndpoints
{
    private const int MaxPageSize = 200;

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api").WithTags("library");
        group.MapGet("/tracks", List).WithSummary("One page of the library, filtered by text, genre, year and duration, sorted; page on with after=next (keyset).");
        group.MapGet("/genres", (ITimbreBackend backend) => Results.Ok(backend.GenreLabels())).WithSummary("The genre labels of the model.");
        group.MapGet("/tracks/{id:long}", Get).WithSummary("A track's tags, duration and genre probabilities.");
        group.MapGet("/tracks/{id:long}/similar", Similar).WithSummary("Similar tracks by method m1, m2 or hybrid, with scores and reasons.");
        group.MapGet("/tracks/{id:long}/spectrogram.png", SpectrogramPng).WithSummary("A mel spectrogram image of the track's first 30 s (cached).");
        group.MapGet("/tracks/{id:long}/audio", Audio).WithSummary("The track's audio, with HTTP range requests.");
        group.MapDelete("/tracks/{id:long}", Delete)
            .WithSummary("Deletes a song the signed-in user added to the library: its file and all its rows (owner only).")
            .Produces(StatusCodes.Status204NoContent)
            .Produces<ApiError>(StatusCodes.Status401Unauthorized)
            .Produces<ApiError>(StatusCodes.Status403Forbidden)
            .Produces<ApiError>(StatusCodes.Status404NotFound);
    }

    private static IResult List(
        ITimbreBackend backend,
        string? q,
        string? genre,
        int? yearFrom,
        int? yearTo,
        double? minDuration,
        double? maxDuration,
        string? sort,
        bool? desc,
        int? page,
        int? pageSize,
        string? after)
    {
        var query = new LibraryQuery(
            Search: string.IsNullOrWhiteSpace(q) ? null : q.Trim(),
            Genre: string.IsNullOrWhiteSpace(genre) ? null : genre.Trim(),
            YearFrom: yearFrom,
            YearTo: yearTo,
            MinDurationSeconds: minDuration,
            MaxDurationSeconds: maxDuration,
            Sort: QueryParsing.ParseEnum(sort, LibrarySort.Title, "sort"),
            Descending: desc ?? false,
            Page: page ?? 1,
            PageSize: pageSize ?? 25)
        {
            After = string.IsNullOrWhiteSpace(after) ? null : after.Trim(),
        };
        if (query.Page < 1 || query.PageSize < 1 || query.PageSize > MaxPageSize)
        {
            throw new TimbreException($"page must be ≥ 1 and pageSize 1–{MaxPageSize}.");
        }

        if (yearFrom > yearTo || minDuration > maxDuration || minDuration < 0)
        {
            throw new TimbreException("The year or duration range is empty.");
        }

        return Results.Ok(backend.ListTracks(query));
    }

    private static IResult Get(ITimbreBackend backend, long id) =>
        backend.GetTrack(id) is { } track ? Results.Ok(track) : NotFound(id);

    private static async Task<IResult> Similar(ITimbreBackend backend, TimbreWebOptions options, long id, string? method, int? n, CancellationToken cancellationToken)
    {
        var m = QueryParsing.ParseEnum(method, SimilarMethod.M1, "method");
        var count = QueryParsing.Count(n, options);
        if (!await backend.HasTrackAsync(id, cancellationToken))
        {
            return NotFound(id);
        }

        return Results.Ok(new { method = m.ToString().ToLowerInvariant(), items = await backend.SimilarAsync(id, m, count, cancellationToken) });
    }

    /// <summary>
    /// Served from the cache when the file is unchanged; otherwise computed in the analysis queue (bounded work at
    /// once) and cached. The computation is not tied to this request, so an aborted request still fills the cache
    /// for the requests waiting on it; its work is bounded (the decoder reads only the image's window).
    /// </summary>
    private static async Task<IResult> SpectrogramPng(ITimbreBackend backend, AnalysisQueue queue, SpectrogramCache cache, long id)
    {
        var path = backend.GetAudioFile(id);
        var file = path is null ? null : new FileInfo(path);
        if (file is not { Exists: true })
        {
            return NotFound(id);
        }

        var key = new SpectrogramCache.Key(id, file.Length, file.LastWriteTimeUtc.Ticks);
        var png = await cache.GetOrCreateAsync(key, () => queue.RunAsync(
            token => backend.GetSpectrogram(id, token) is { } spectrogram ? SpectrogramImage.Render(spectrogram, width: 900, height: 340) : null,
            CancellationToken.None));
        return png is null ? NotFound(id) : Results.File(png, "image/png");
    }

    private static IResult Delete(HttpContext context, ITimbreBackend backend, TimbreWebOptions options, SpectrogramCache cache, long id)
    {
        if (CurrentUser.Get(context, backend) is not { } user)
        {
            return Results.Json(new ApiError("Sign in first."), statusCode: StatusCodes.Status401Unauthorized);
        }

        var deletion = backend.DeleteTrack(id, user.Id);
        switch (deletion.Outcome)
        {
            case DeleteOutcome.NotFound:
                return NotFound(id);
            case DeleteOutcome.NotOwner:
                return Results.Json(new ApiError("Only the user who added a song to the library can delete it."), statusCode: StatusCodes.Status403Forbidden);
            default:
                // Rows first, then the file: a crash in between leaves a file without a row, removed at the next start.
                UploadFolders.DeleteLibraryFile(options, deletion.Path!);
                cache.Forget(id);
                return Results.NoContent();
        }
    }

    private static IResult Audio(ITimbreBackend backend, long id)
    {
        // The path comes from the catalog by id; nothing in the request names a file.
        var path = backend.GetAudioFile(id);
        if (path is null || !File.Exists(path))
        {
            return NotFound(id);
        }

        return Results.File(path, AudioContentTypes.For(path), enableRangeProcessing: true);
    }

    private static IResult NotFound(long id) => Results.NotFound(new ApiError($"No track with id {id}."));
}
