using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using Timbre.Core.Errors;
using Timbre.Web.Api;

namespace Timbre.Web.Uploads;

/// <summary>
/// Streams a multipart upload (field <c>file</c>) straight to a temp file with a server-chosen name, counting bytes
/// and stopping at the size limit; the user's file name is kept for display only.
/// </summary>
internal sealed class UploadReceiver(TimbreWebOptions options)
{
    /// <summary>Room for multipart boundaries and small fields on top of the file itself.</summary>
    private const long FormOverheadBytes = 1024 * 1024;

    private const int MaxFieldBytes = 4096;

    /// <summary>The request-body limit the server enforces for <paramref name="options"/>.</summary>
    public static long RequestLimit(TimbreWebOptions options) => options.MaxUploadBytes + FormOverheadBytes;

    public async Task<ReceivedUpload> ReceiveAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.ContentLength > RequestLimit(options))
        {
            throw new UploadTooLargeException(options.MaxUploadBytes);
        }

        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType)
            || !contentType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(contentType.Boundary).Value is not { Length: > 0 } boundary)
        {
            throw new TimbreException("Send the file as multipart/form-data in the field 'file'.");
        }

        var reader = new MultipartReader(boundary, request.Body) { HeadersLengthLimit = 16 * 1024 };
        var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        string? tempPath = null;
        try
        {
            string? extension = null;
            string originalName = "";
            long size = 0;
            while (await ReadFormAsync(reader.ReadNextSectionAsync(ct)) is { } section)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition))
                {
                    continue;
                }

                CheckFileNames(disposition);

                var name = HeaderUtilities.RemoveQuotes(disposition.Name).Value ?? "";
                if (disposition.IsFileDisposition() && name == "file" && tempPath is null)
                {
                    originalName = Path.GetFileName(HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value ?? "");
                    extension = AudioContentTypes.UploadExtension(originalName)
                        ?? throw new UnsupportedUploadException(Path.GetExtension(originalName) is { Length: > 0 } ext
                            ? $"'{ext}' files are not supported; upload MP3, WAV, FLAC, OGG or M4A."
                            : "Files without an extension are not supported; upload MP3, WAV, FLAC, OGG or M4A.");
                    Directory.CreateDirectory(options.TempDirectory);
                    tempPath = Path.Combine(options.TempDirectory, $"{UploadFolders.TempPrefix}{Guid.NewGuid():N}{extension}");
                    size = await CopyLimitedAsync(section.Body, tempPath, ct);
                }
                else if (disposition.IsFormDisposition() && fields.Count < 16)
                {
                    using var streamReader = new StreamReader(section.Body);
                    var buffer = new char[MaxFieldBytes];
                    var read = await ReadFormAsync(streamReader.ReadBlockAsync(buffer, ct).AsTask());
                    fields[name] = new string(buffer, 0, read);
                }
            }

            if (tempPath is null || extension is null)
            {
                throw new TimbreException("No file was sent; use the form field 'file'.");
            }

            if (size == 0)
            {
                throw new Timbre.Core.Errors.AudioDecodingException(originalName, Timbre.Core.Errors.AudioFailure.Empty);
            }

            var upload = new ReceivedUpload(tempPath, extension, originalName, size, fields);
            tempPath = null;
            return upload;
        }
        finally
        {
            if (tempPath is not null)
            {
                TempFiles.Delete(tempPath);
            }
        }
    }

    /// <summary>
    /// ContentDispositionHeaderValue parses a bare <c>filename*</c> parameter (no value) and then throws
    /// ArgumentNullException whenever the file name is asked for, and <c>filename*=UTF-7''…</c> throws
    /// NotSupportedException (both found by scripts/fuzz.sh multipart); such a part is
    /// malformed, the client's fault. Reading both names once here makes every later read safe.
    /// </summary>
    private static void CheckFileNames(ContentDispositionHeaderValue disposition)
    {
        try
        {
            _ = disposition.FileName;
            _ = disposition.FileNameStar;
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException)
        {
            throw new TimbreException("A part of the upload has a malformed Content-Disposition header.");
        }
    }

    /// <summary>
    /// A body that ends before the closing boundary or whose part headers run past the limit is the client's fault:
    /// MultipartReader reports it as IOException/InvalidDataException, which would otherwise be a 500. Kestrel's own
    /// BadHttpRequestException (also an IOException) keeps its status.
    /// </summary>
    private static async Task<T> ReadFormAsync<T>(Task<T> read)
    {
        try
        {
            return await read;
        }
        catch (Exception e) when (e is InvalidDataException or IOException and not BadHttpRequestException)
        {
            throw new TimbreException("The upload is not a complete multipart form (it ends early or a part's headers are too long).");
        }
    }

    private async Task<long> CopyLimitedAsync(Stream source, string path, CancellationToken ct)
    {
        var buffer = new byte[81920];
        long total = 0;
        await using var target = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.Asynchronous);
        int read;
        while ((read = await ReadFormAsync(source.ReadAsync(buffer, ct).AsTask())) > 0)
        {
            total += read;
            if (total > options.MaxUploadBytes)
            {
                throw new UploadTooLargeException(options.MaxUploadBytes);
            }

            await target.WriteAsync(buffer.AsMemory(0, read), ct);
        }

        return total;
    }
}
