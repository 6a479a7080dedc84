using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Timbre.App.Library;
using Timbre.Core.Catalog;
using Timbre.Core.Errors;
using Timbre.Web.Auth;
using Timbre.Web.Backend;
using Timbre.Web.Uploads;

namespace Timbre.Web.Api;

/// <summary><c>POST /api/analyze</c>: genre and recommendations for an uploaded song, optionally added to the library.</summary>
internal static class AnalyzeEndpoints
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/api/analyze", AnalyzeAsync)
            .WithTags("analyze")
            .WithSummary("Analyse an uploaded MP3/WAV/FLAC/OGG/M4A (multipart field 'file'; optional field 'add'=true adds it to the library: signed-in users only, within their quota).")
            .DisableAntiforgery()
            .RequireRateLimiting(Timbre.Web.Auth.RateLimits.AnalyzePolicy)
            .Accepts<IFormFile>("multipart/form-data")
            .Produces<UploadAnalysis>()
            .Produces<ApiError>(StatusCodes.Status401Unauthorized)
            .Produces<ApiError>(StatusCodes.Status403Forbidden)
            .Produces<ApiError>(StatusCodes.Status413PayloadTooLarge)
            .Produces<ApiError>(StatusCodes.Status415UnsupportedMediaType)
            .Produces<ApiError>(StatusCodes.Status422UnprocessableEntity)
            .Produces<ApiError>(StatusCodes.Status503ServiceUnavailable);
    }

    private static async Task<IResult> AnalyzeAsync(
        HttpContext context,
        ITimbreBackend backend,
        TimbreWebOptions options,
        UploadReceiver receiver,
        AnalysisQueue queue,
        int? n,
        bool? add,
        CancellationToken ct)
    {
        var count = QueryParsing.Count(n, options);
        var user = CurrentUser.Get(context, backend);
        if (add == true && user is null)
        {
            return SignInToAdd(); // before reading the body
        }

        using var upload = await receiver.ReceiveAsync(context.Request, ct);
        var addToLibrary = add ?? (upload.Fields.TryGetValue("add", out var a) && a.Trim().Equals("true", StringComparison.OrdinalIgnoreCase));
        LibraryAddition? addition = null;
        if (addToLibrary)
        {
            if (options.LibraryDirectory is null)
            {
                throw new TimbreException("This server has no library folder for uploads (start it with --library DIR).");
            }

            if (user is null)
            {
                return SignInToAdd();
            }

            addition = new LibraryAddition(Title(upload), user.Id, options.MaxUploadsPerUser, options.MaxUploadBytesPerUser);
            var usage = backend.GetUploadUsage(user.Id);
            addition.Check(new OwnedTracksUsage(usage.Tracks, usage.Bytes), upload.SizeBytes); // early answer; checked again when saved
        }

        var target = addition is null ? null : UploadFolders.CopyIntoLibrary(options.LibraryDirectory!, upload);
        try
        {
            var result = await queue.RunAsync(token => backend.AnalyzeAsync(target ?? upload.TempPath, count, addition, token), ct);
            target = null; // saved in the catalog; the file stays
            return Results.Ok(result);
        }
        catch (AudioDecodingException e)
        {
            // Name the user's file in the reason, not the server's temp name.
            var reason = ErrorMiddleware.WithoutServerPaths(e.Reason, e.Path).Replace(Path.GetFileName(e.Path), upload.OriginalName, StringComparison.Ordinal);
            throw new AudioDecodingException(upload.OriginalName, reason, e);
        }
        finally
        {
            if (target is not null)
            {
                TempFiles.Delete(target);
            }
        }
    }

    private static IResult SignInToAdd() =>
        Results.Json(new ApiError("Sign in to add songs to the library; without signing in a song can only be analysed."), statusCode: StatusCodes.Status401Unauthorized);

    private static string Title(ReceivedUpload upload)
    {
        var title = Path.GetFileNameWithoutExtension(upload.OriginalName).Trim();
        return title.Length == 0 ? "Uploaded song" : title[..Math.Min(title.Length, 200)];
    }
}
