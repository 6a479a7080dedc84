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
            .Accepts<IFormFile>("multipart/form-data")
            .Produces<AnalyzeResponse>()
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

        var result = await queue.RunAsync(
            token =>
            {
                var analysis = backend.Analyze(upload.TempPath, count, token);
                var added = addToLibrary ? Add(backend, options.LibraryDirectory!, upload, token) : null;
                return new AnalyzeResponse(analysis.Genres, analysis.Top, analysis.DurationSeconds, analysis.Recommendations, added);
            },
            ct);
        return Results.Ok(result);
    }

    private static TrackSummary Add(ITimbreBackend backend, string libraryDirectory, ReceivedUpload upload, CancellationToken ct)
    {
        var folder = Path.Combine(libraryDirectory, "uploads");
        Directory.CreateDirectory(folder);
        var target = Path.Combine(folder, $"{DateTime.UtcNow:yyyyMMdd-HHmmss}-{Guid.NewGuid():N}"[..24] + upload.Extension);
        File.Copy(upload.TempPath, target);
        try
        {
            var title = Path.GetFileNameWithoutExtension(upload.OriginalName);
            return backend.AddToLibrary(target, string.IsNullOrWhiteSpace(title) ? "Uploaded song" : title, ct);
        }
        catch
        {
            TempFiles.Delete(target);
            throw;
        }
    }
}

/// <summary>The answer of <c>POST /api/analyze</c>.</summary>
/// <param name="Genres">Probability per genre.</param>
/// <param name="Top">Most probable genre.</param>
/// <param name="DurationSeconds">Duration of the decoded audio.</param>
/// <param name="Recommendations">Similar library tracks, best first, with reasons.</param>
/// <param name="Added">The new library track when the upload was added, else null.</param>
public sealed record AnalyzeResponse(
    IReadOnlyDictionary<string, double> Genres,
    string? Top,
    double DurationSeconds,
    IReadOnlyList<RecommendationItem> Recommendations,
    TrackSummary? Added);
