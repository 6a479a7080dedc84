using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Timbre.Core.Errors;
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
            .WithSummary("Analyse an uploaded MP3/WAV/FLAC/OGG/M4A (multipart field 'file'; optional field 'add'=true adds it to the library).")
            .DisableAntiforgery()
            .RequireRateLimiting(Timbre.Web.Auth.RateLimits.AnalyzePolicy)
            .Accepts<IFormFile>("multipart/form-data")
            .Produces<UploadAnalysis>()
            .Produces<ApiError>(StatusCodes.Status413PayloadTooLarge)
            .Produces<ApiError>(StatusCodes.Status415UnsupportedMediaType)
            .Produces<ApiError>(StatusCodes.Status422UnprocessableEntity)
            .Produces<ApiError>(StatusCodes.Status503ServiceUnavailable);
    }

    private static async Task<IResult> AnalyzeAsync(
        HttpRequest request,
        ITimbreBackend backend,
        TimbreWebOptions options,
        UploadReceiver receiver,
        AnalysisQueue queue,
        int? n,
        bool? add,
        CancellationToken ct)
    {
        var count = QueryParsing.Count(n, options);
        using var upload = await receiver.ReceiveAsync(request, ct);
        var addToLibrary = add ?? (upload.Fields.TryGetValue("add", out var a) && a.Trim().Equals("true", StringComparison.OrdinalIgnoreCase));
        if (addToLibrary && options.LibraryDirectory is null)
        {
            throw new TimbreException("This server has no library folder for uploads (start it with --library DIR).");
        }

        var target = addToLibrary ? LibraryTarget(options.LibraryDirectory!, upload) : null;
        try
        {
            var result = await queue.RunAsync(
                token => backend.Analyze(target ?? upload.TempPath, count, target is null ? null : Title(upload), token),
                ct);
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

    /// <summary>Copies the upload into LIBRARY/uploads under a server-chosen name (time + random id + known extension).</summary>
    private static string LibraryTarget(string libraryDirectory, ReceivedUpload upload)
    {
        var folder = Path.Combine(libraryDirectory, "uploads");
        Directory.CreateDirectory(folder);
        var target = Path.Combine(folder, $"{DateTime.UtcNow:yyyyMMdd-HHmmss}-{Guid.NewGuid():N}"[..24] + upload.Extension);
        File.Copy(upload.TempPath, target);
        return target;
    }

    private static string Title(ReceivedUpload upload)
    {
        var title = Path.GetFileNameWithoutExtension(upload.OriginalName).Trim();
        return title.Length == 0 ? "Uploaded song" : title[..Math.Min(title.Length, 200)];
    }
}
