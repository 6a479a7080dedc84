using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Timbre.App.Library;
using Timbre.Core.Analysis;
using Timbre.Core.Errors;
using Timbre.Web.Uploads;

namespace Timbre.Web.Api;

/// <summary>Turns exceptions into JSON answers with the right status; never leaks a stack trace or a server path.</summary>
internal sealed class ErrorMiddleware(RequestDelegate next, ILogger<ErrorMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (Exception e) when (!context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
        {
            var (status, body) = Describe(e);
            if (e is Timbre.Web.Catalog.CatalogBusyException)
            {
                // Load shedding, not a fault: one line, no stack trace, however many are refused.
                logger.LogWarning("Request {Method} {Path} refused: {Reason}", context.Request.Method, context.Request.Path, e.Message);
            }
            else if (status >= 500)
            {
                logger.LogError(e, "Request {Method} {Path} failed", context.Request.Method, context.Request.Path);
            }
            else if (e is AudioDecodingException a)
            {
                // The client gets the fixed reason; what ffmpeg said (and where the file is) stays in the log.
                logger.LogWarning("Request {Method} {Path}: {File} not decoded ({Kind}): {Detail}", context.Request.Method, context.Request.Path, a.Path, a.Kind, a.Detail);
            }

            context.Response.Clear();
            context.Response.StatusCode = status;
            await context.Response.WriteAsJsonAsync(body);
        }
    }

    /// <summary>The client's reason for a decoding failure: the kind's fixed text, never the tool's words or a path.</summary>
    internal static string ClientReason(AudioDecodingException e)
    {
        var text = AudioFailures.Describe(e.Kind);
        return char.ToUpperInvariant(text[0]) + text[1..] + ".";
    }

    /// <summary>The decoder's reason names the server's temp file; keep only its (server-chosen) file name.</summary>
    internal static string WithoutServerPaths(string reason, string path)
    {
        var directory = Path.GetDirectoryName(path);
        var text = reason.Replace(path, Path.GetFileName(path), StringComparison.Ordinal);
        return string.IsNullOrEmpty(directory) ? text : text.Replace(directory + Path.DirectorySeparatorChar, "", StringComparison.Ordinal).Replace(directory, ".", StringComparison.Ordinal);
    }

    private static (int Status, ApiError Body) Describe(Exception e) => e switch
    {
        UploadTooLargeException t => (StatusCodes.Status413PayloadTooLarge, new ApiError(t.Message)),
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } =>
            (StatusCodes.Status413PayloadTooLarge, new ApiError("The upload is larger than this server accepts.")),
        BadHttpRequestException b => (b.StatusCode, new ApiError("The request could not be read.", b.Message)),
        UploadQuotaExceededException q => (StatusCodes.Status403Forbidden, new ApiError(q.Message)),
        UnsupportedUploadException u => (StatusCodes.Status415UnsupportedMediaType, new ApiError(u.Message)),
        AnalysisQueueFullException q => (StatusCodes.Status503ServiceUnavailable, new ApiError(q.Message)),
        Timbre.Web.Catalog.CatalogBusyException b => (StatusCodes.Status503ServiceUnavailable, new ApiError(b.Message)),
        Timbre.App.SharedIndex.SharedIndexUnavailableException u => (StatusCodes.Status503ServiceUnavailable, new ApiError(u.Message)),
        AudioDecodingException { Kind: AudioFailure.ToolMissing } =>
            (StatusCodes.Status500InternalServerError, new ApiError("Internal error; see the server log.")),
        AudioDecodingException a => (StatusCodes.Status422UnprocessableEntity, new ApiError("The file could not be decoded as audio.", ClientReason(a))),
        AnalysisException n => (StatusCodes.Status422UnprocessableEntity, new ApiError("The audio could not be analysed.", n.Message)),
        TimbreException t => (StatusCodes.Status400BadRequest, new ApiError(t.Message)),
        _ => (StatusCodes.Status500InternalServerError, new ApiError("Internal error; see the server log.")),
    };
}
