using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Timbre.Web.Tests.Support;

namespace Timbre.Web.Tests.Api;

/// <summary>
/// Malformed multipart bodies scripts/fuzz.sh (target multipart) produces, through the real HTTP pipeline: each was a
/// 500 "Internal error" (MultipartReader's IOException / InvalidDataException, ContentDispositionHeaderValue's
/// ArgumentNullException) and is now a 400.
/// </summary>
[Trait("Category", "Slow")]
public sealed class MultipartRegressionTests : IDisposable
{
    private const string Boundary = "xx";
    private readonly TempDir _dir = new();
    private readonly WebFactory _factory;

    public MultipartRegressionTests()
    {
        Directory.CreateDirectory(_dir.File("tmp"));
        _factory = new WebFactory(new TimbreWebOptions { MaxUploadBytes = 64 * 1024, TempDirectory = _dir.File("tmp") }, new InMemoryBackend());
    }

    public void Dispose()
    {
        _factory.Dispose();
        _dir.Dispose();
    }

    public static TheoryData<string, string> Bodies => new()
    {
        { "file part cut short", $"--{Boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.wav\"\r\n\r\nRIFF" },
        { "field part cut short", $"--{Boundary}\r\nContent-Disposition: form-data; name=\"add\"\r\n\r\ntr" },
        { "headers cut short", $"--{Boundary}\r\nContent-Disposition: form-da" },
        { "headers past 16 KB", $"--{Boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.wav\"\r\nX: {new string('a', 20_000)}\r\n\r\nabc\r\n--{Boundary}--\r\n" },
    };

    [Theory]
    [InlineData("form-data; name=\"file\"; filename*")]
    [InlineData("form-data; name=\"file\"; filename=\"a.wav\"; filename*")]
    [InlineData("form-data; name=\"add\"; filename*")]
    [InlineData("form-data; name=\"file\"; filename*=UTF-7''a.wav")]
    public async Task Unreadable_file_name_parameter_is_a_400(string disposition)
    {
        // afl-fuzz id:000000-3 (multipart): ContentDispositionHeaderValue threw ArgumentNullException for a bare
        // filename* and NotSupportedException for the UTF-7 charset when the name was read (500).
        using var client = _factory.CreateApiClient();
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes($"--{Boundary}\r\nContent-Disposition: {disposition}\r\n\r\nabc\r\n--{Boundary}--\r\n"));
        content.Headers.ContentType = MediaTypeHeaderValue.Parse($"multipart/form-data; boundary={Boundary}");

        using var response = await client.PostAsync("/api/analyze", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Content-Disposition", await response.Content.ReadAsStringAsync());
        Assert.Empty(Directory.EnumerateFileSystemEntries(_dir.File("tmp")));
    }

    [Theory]
    [MemberData(nameof(Bodies))]
    public async Task Malformed_multipart_body_is_a_400_and_leaves_no_temp_file(string what, string body)
    {
        using var client = _factory.CreateApiClient();
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        content.Headers.ContentType = MediaTypeHeaderValue.Parse($"multipart/form-data; boundary={Boundary}");

        using var response = await client.PostAsync("/api/analyze", content);

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{what}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        Assert.Contains("multipart form", await response.Content.ReadAsStringAsync());
        Assert.Empty(Directory.EnumerateFileSystemEntries(_dir.File("tmp")));
    }
}
