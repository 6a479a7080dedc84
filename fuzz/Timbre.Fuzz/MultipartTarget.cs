using System.Text;
using Microsoft.AspNetCore.Http;
using Timbre.Core.Errors;
using Timbre.Web;
using Timbre.Web.Uploads;

namespace Timbre.Fuzz;

/// <summary>
/// The upload receiver on a fuzzed request: the input's first line is the Content-Type header, the rest the body,
/// delivered in small reads as a network would. Bad input may only raise <see cref="TimbreException"/> (the answers
/// the server turns into 4xx), and no temp file may outlive the request.
/// </summary>
internal sealed class MultipartTarget : IFuzzTarget
{
    private readonly string _tempDirectory = Directory.CreateTempSubdirectory("timbre-fuzz-multipart-").FullName;
    private readonly UploadReceiver _receiver;

    public MultipartTarget()
    {
        _receiver = new UploadReceiver(new TimbreWebOptions { MaxUploadBytes = 4096, TempDirectory = _tempDirectory }.Validate());
    }

    public string Name => "multipart";

    public void Execute(byte[] input)
    {
        var newline = Array.IndexOf(input, (byte)'\n');
        var contentType = Encoding.UTF8.GetString(input, 0, newline < 0 ? input.Length : newline);
        var body = newline < 0 ? [] : input[(newline + 1)..];
        var context = new DefaultHttpContext();
        context.Request.Method = "POST";
        context.Request.ContentType = contentType;
        context.Request.ContentLength = body.Length;
        context.Request.Body = new TrickleStream(body, 1 + (body.Length % 97));
        try
        {
            using var upload = _receiver.ReceiveAsync(context.Request, CancellationToken.None).GetAwaiter().GetResult();
            if (new FileInfo(upload.TempPath).Length != upload.SizeBytes)
            {
                throw new FuzzInvariantException($"saved {new FileInfo(upload.TempPath).Length} bytes but reported {upload.SizeBytes}");
            }
        }
        catch (TimbreException)
        {
        }

        if (Directory.EnumerateFileSystemEntries(_tempDirectory).FirstOrDefault() is { } left)
        {
            File.Delete(left);
            throw new FuzzInvariantException($"temp file left behind: {Path.GetFileName(left)}");
        }
    }

    public IEnumerable<(string Name, byte[] Bytes)> Seeds()
    {
        const string Boundary = "----timbreFuzz7MA4YWxk";
        byte[] wav = [.. "RIFF"u8, 36, 0, 0, 0, .. "WAVEfmt "u8, 16, 0, 0, 0, 1, 0, 1, 0, 64, 31, 0, 0, 128, 62, 0, 0, 2, 0, 16, 0, .. "data"u8, 4, 0, 0, 0, 1, 0, 255, 127];
        yield return ("file-only.txt", Request(Boundary, Part(Boundary, "form-data; name=\"file\"; filename=\"song.wav\"", "audio/wav", wav), close: true));
        yield return ("file-and-fields.txt", Request(
            Boundary,
            [.. Part(Boundary, "form-data; name=\"add\"", null, "true"u8.ToArray()),
             .. Part(Boundary, "form-data; name=\"file\"; filename*=UTF-8''s%C3%B6ng.mp3", "audio/mpeg", "ID3\u0003\0\0\0\0\0\0"u8.ToArray()),
             .. Part(Boundary, "form-data; name=\"n\"", null, "5"u8.ToArray())],
            close: true));
        yield return ("bad-extension.txt", Request(Boundary, Part(Boundary, "form-data; name=\"file\"; filename=\"../../etc/passwd.txt\"", "text/plain", "root:x:0:0"u8.ToArray()), close: true));
        yield return ("empty-file.txt", Request(Boundary, Part(Boundary, "form-data; name=\"file\"; filename=\"a.flac\"", null, []), close: true));
        yield return ("no-file.txt", Request(Boundary, Part(Boundary, "form-data; name=\"other\"", null, "x"u8.ToArray()), close: true));
        yield return ("quoted-boundary.txt", [.. Encoding.ASCII.GetBytes("multipart/form-data; boundary=\"q b\"\n"),
            .. Part("q b", "form-data; name=\"file\"; filename=\"x.ogg\"", null, "OggS"u8.ToArray()), .. "--q b--\r\n"u8]);
        yield return ("too-large.txt", Request(Boundary, Part(Boundary, "form-data; name=\"file\"; filename=\"big.m4a\"", null, new byte[5000]), close: true));
    }

    private static byte[] Request(string boundary, byte[] parts, bool close) =>
        [.. Encoding.ASCII.GetBytes($"multipart/form-data; boundary={boundary}\n"), .. parts, .. close ? Encoding.ASCII.GetBytes($"--{boundary}--\r\n") : []];

    private static byte[] Part(string boundary, string disposition, string? contentType, byte[] content) =>
        [.. Encoding.UTF8.GetBytes($"--{boundary}\r\nContent-Disposition: {disposition}\r\n{(contentType is null ? "" : $"Content-Type: {contentType}\r\n")}\r\n"),
         .. content, .. "\r\n"u8];

    /// <summary>A request body that hands out at most <paramref name="chunk"/> bytes per read.</summary>
    private sealed class TrickleStream(byte[] bytes, int chunk) : MemoryStream(bytes, writable: false)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, chunk));

        public override int Read(Span<byte> buffer) => base.Read(buffer[..Math.Min(buffer.Length, chunk)]);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            Task.FromResult(Read(buffer, offset, count));

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(Read(buffer.Span));
    }
}
