using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;

namespace Timbre.Cli.Tests;

/// <summary>
/// Issue 10: kill -9 of the real <c>timbre serve</c> (timbre.dll next to the tests, run with <c>dotnet exec</c>) while
/// an upload is still arriving, then restart: no temp file and no orphan copy in the library's uploads folder remain,
/// while the uploads that were added before, and the user's own files there, stay.
/// </summary>
[Trait("Category", "Slow")]
public sealed class KillDuringUploadTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);
    private readonly string _root = Path.Combine(Path.GetTempPath(), "timbre-kill-upload-" + Guid.NewGuid().ToString("N")[..12]);
    private readonly List<Process> _servers = [];

    public KillDuringUploadTests() => Directory.CreateDirectory(_root);

    private string Temp => Path.Combine(_root, "tmp");

    private string Uploads => Path.Combine(_root, "lib", "uploads");

    public void Dispose()
    {
        foreach (var server in _servers)
        {
            if (!server.HasExited)
            {
                server.Kill(entireProcessTree: true);
                server.WaitForExit(10_000);
            }

            server.Dispose();
        }

        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [Fact]
    public async Task KillNineMidUpload_ThenRestart_LeavesNoTempFileAndNoOrphanCopy()
    {
        string kept;
        long keptId;
        var (server, baseUrl) = await StartServeAsync();
        using (var client = Client(baseUrl))
        {
            var register = await client.PostAsJsonAsync("/api/auth/register", new { name = "uploader", password = "uploader-password-1" });
            Assert.True(register.IsSuccessStatusCode, await register.Content.ReadAsStringAsync());

            // An upload added before the kill: it has its catalog row and must survive the restart.
            var form = new MultipartFormDataContent { { new ByteArrayContent(Wav(seconds: 1)), "file", "kept.wav" }, { new StringContent("true"), "add" } };
            var added = await client.PostAsync("/api/analyze", form);
            Assert.True(added.IsSuccessStatusCode, await added.Content.ReadAsStringAsync());
            keptId = (await added.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("added").GetProperty("id").GetInt64();
            kept = Assert.Single(Directory.GetFiles(Uploads));

            // A slow upload: the server is writing it to its temp folder when it is killed.
            using var abort = new CancellationTokenSource();
            var slow = new MultipartFormDataContent { { new TrickleContent(Wav(seconds: 30)), "file", "slow.wav" } };
            var sending = client.PostAsync("/api/analyze?add=true", slow, abort.Token);
            var deadline = DateTime.UtcNow + Deadline;
            while (!Directory.EnumerateFiles(Temp, "timbre-upload-*").Any(f => new FileInfo(f).Length > 0))
            {
                if (sending.IsCompleted)
                {
                    var early = await sending;
                    Assert.Fail($"the upload ended before the kill: {early.StatusCode} {await early.Content.ReadAsStringAsync()}");
                }

                Assert.True(DateTime.UtcNow < deadline, "the upload never reached the server's temp folder");
                await Task.Delay(20);
            }

            server.Kill(entireProcessTree: true); // SIGKILL: no finally block, no shutdown hook runs
            Assert.True(server.WaitForExit(30_000));
            abort.Cancel();
            await Assert.ThrowsAnyAsync<Exception>(() => sending);
        }

        Assert.NotEmpty(Directory.GetFiles(Temp, "timbre-upload-*")); // the kill did leave a temp file behind

        // What a kill during the library copy or the analysis leaves (too short a moment to hit by timing): a partial
        // copy and a whole copy without a catalog row. A file the user put there by hand is not the server's to remove.
        File.WriteAllBytes(Path.Combine(Uploads, "20250101-120000-deadbeef.wav.partial"), Wav(seconds: 1)[..1000]);
        File.WriteAllBytes(Path.Combine(Uploads, "20250101-120000-0badc0de.wav"), Wav(seconds: 1));
        var own = Path.Combine(Uploads, "my own song.wav");
        File.WriteAllBytes(own, Wav(seconds: 1));

        (_, baseUrl) = await StartServeAsync();
        Assert.Empty(Directory.GetFiles(Temp, "timbre-upload-*"));
        Assert.Equal(new[] { kept, own }.Order(StringComparer.Ordinal), Directory.GetFiles(Uploads).Order(StringComparer.Ordinal));
        using var again = Client(baseUrl);
        Assert.Equal(HttpStatusCode.OK, (await again.GetAsync($"/api/tracks/{keptId}")).StatusCode);
        Assert.Equal(1, (await again.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/tracks")).GetProperty("total").GetInt64());
    }

    private async Task<(Process Server, string BaseUrl)> StartServeAsync()
    {
        var port = FreePort();
        var baseUrl = $"http://127.0.0.1:{port}";
        var info = DotnetChild.StartInfo(
            "timbre.dll", "serve", "--catalog", Path.Combine(_root, "catalog.db"), "--library", Path.Combine(_root, "lib"), "--upload-temp", Temp, "--urls", baseUrl);

        var output = new StringBuilder();
        var server = new Process { StartInfo = info };
        server.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        server.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        server.Start();
        server.BeginOutputReadLine();
        server.BeginErrorReadLine();
        _servers.Add(server);

        using var probe = new HttpClient { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + Deadline;
        while (true)
        {
            Assert.False(server.HasExited, $"timbre serve exited with {(server.HasExited ? server.ExitCode : 0)}: {output}");
            Assert.True(DateTime.UtcNow < deadline, $"timbre serve did not answer in time: {output}");
            try
            {
                if ((await probe.GetAsync("/api/health")).IsSuccessStatusCode)
                {
                    return (server, baseUrl);
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(100);
        }
    }

    private static HttpClient Client(string baseUrl)
    {
        var client = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = new Uri(baseUrl), Timeout = Deadline };
        client.DefaultRequestHeaders.Add("X-Timbre-Request", "1");
        return client;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>A 16-bit mono 22 050 Hz WAV of a tone.</summary>
    private static byte[] Wav(double seconds) => RawWav.Tone(seconds, 22050);

    /// <summary>
    /// Sends the first 64 KB of its bytes 8 KB at a time with pauses (unknown length: chunked), then stalls until
    /// cancelled, like a slow connection: the upload is always still arriving when the server is killed.
    /// </summary>
    private sealed class TrickleContent(byte[] bytes) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
            await SerializeToStreamAsync(stream, context, CancellationToken.None);

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
        {
            for (var offset = 0; offset < Math.Min(bytes.Length, 64 * 1024); offset += 8192)
            {
                await stream.WriteAsync(bytes.AsMemory(offset, Math.Min(8192, bytes.Length - offset)), cancellationToken);
                await stream.FlushAsync(cancellationToken);
                await Task.Delay(50, cancellationToken);
            }

            await Task.Delay(Timeout.Infinite, cancellationToken);
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
