using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Timbre.Analyzers;
using Timbre.Audio;

namespace Timbre.Cli.Tests.Subsonic;

/// <summary>
/// Issue 14: a Subsonic client nobody here wrote — the npm package <c>subsonic-api</c> (version pinned in
/// <c>Subsonic/node/package.json</c>, installed by <c>npm ci</c> into a cache folder outside the repository) — run by
/// node against a live <c>timbre serve</c> on loopback: browse artists to an album, stream a byte range, star a song
/// and see it in the user's likes through Timbre's own API, get similar songs. Needs node and npm (scripts/setup.sh).
/// </summary>
[Trait("Category", "Slow")]
public sealed class SubsonicClientTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(120);
    private readonly TestLibrary _library = new(perFamily: 2, seconds: 1.0);
    private Process? _server;

    public void Dispose()
    {
        if (_server is { HasExited: false })
        {
            _server.Kill(entireProcessTree: true);
            _server.WaitForExit(10_000);
        }

        _server?.Dispose();
        _library.Dispose();
    }

    [Fact]
    public async Task The_subsonic_api_npm_client_browses_streams_stars_and_gets_similar_songs()
    {
        var client = InstallClient();
        _library.Catalogue(new SummaryFeatureAnalyzer(), AudioDecoders.CreateDefault());
        var baseUrl = await StartServeAsync();

        // Sign up and create a key the way a person does on the account page.
        using var web = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = new Uri(baseUrl), Timeout = Deadline };
        web.DefaultRequestHeaders.Add("X-Timbre-Request", "1");
        var register = await web.PostAsJsonAsync("/api/auth/register", new { name = "listener", password = "listener-password-1" });
        Assert.True(register.IsSuccessStatusCode, await register.Content.ReadAsStringAsync());
        var created = await web.PostAsJsonAsync("/api/me/apikeys", new { name = "node" });
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        var key = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!;

        var (code, stdout, stderr) = Run("node", client, [Path.Combine(client, "client.mjs"), baseUrl, key]);
        Assert.True(code == 0, $"node exited {code}: {stderr}{stdout}");
        var seen = JsonDocument.Parse(stdout.Trim().Split('\n')[^1]).RootElement;

        Assert.Equal("ok", seen.GetProperty("ping").GetString());
        Assert.Contains("sonicSimilarity", seen.GetProperty("extensions").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(4, seen.GetProperty("artists").GetInt32());
        Assert.Equal(2, seen.GetProperty("albumSongs").GetInt32());
        var songId = seen.GetProperty("songId").GetString()!;
        var size = new FileInfo(_library.Tracks.Single(t => t.Title == TitleOf(songId)).Path).Length;
        Assert.Equal(206, seen.GetProperty("streamStatus").GetInt32());
        Assert.Equal($"bytes 100-1123/{size}", seen.GetProperty("contentRange").GetString());
        Assert.Equal(1024, seen.GetProperty("streamBytes").GetInt32());
        Assert.Equal("ok", seen.GetProperty("star").GetString());
        Assert.Equal([songId], seen.GetProperty("starred").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(3, seen.GetProperty("similar").GetArrayLength());
        Assert.DoesNotContain(songId, seen.GetProperty("similar").EnumerateArray().Select(e => e.GetString()));
        Assert.All(seen.GetProperty("sonic").EnumerateArray(), m => Assert.InRange(m[1].GetDouble(), 0, 1));
        Assert.Equal(44, seen.GetProperty("badKey").GetInt32());

        // The star is a like in Timbre's own API, the one the web app shows.
        var taste = await web.GetFromJsonAsync<JsonElement>("/api/me/taste");
        Assert.Equal([long.Parse(songId, System.Globalization.CultureInfo.InvariantCulture)], taste.GetProperty("likes").EnumerateArray().Select(t => t.GetProperty("id").GetInt64()));
    }

    private string TitleOf(string songId)
    {
        using var store = new Storage.Sqlite.SqliteCatalogStore(_library.CatalogPath);
        return store.FindTrack(long.Parse(songId, System.Globalization.CultureInfo.InvariantCulture))!.Title!;
    }

    /// <summary>The client folder: the committed package files copied to a cache outside the repo, <c>npm ci</c> run once per lock file.</summary>
    private static string InstallClient()
    {
        var source = Path.Combine(AppContext.BaseDirectory, "Subsonic", "node");
        var lockHash = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(source, "package-lock.json"))))[..12];
        var folder = Path.Combine(Path.GetTempPath(), "timbre-subsonic-node-" + lockHash);
        Directory.CreateDirectory(folder);
        foreach (var file in new[] { "package.json", "package-lock.json", "client.mjs" })
        {
            File.Copy(Path.Combine(source, file), Path.Combine(folder, file), overwrite: true);
        }

        if (!File.Exists(Path.Combine(folder, "node_modules", "subsonic-api", "package.json")))
        {
            var (code, stdout, stderr) = Run("npm", folder, ["ci", "--no-audit", "--no-fund"]);
            Assert.True(code == 0, $"npm ci failed ({code}); is npm installed (scripts/setup.sh)? {stderr}{stdout}");
        }

        return folder;
    }

    private static (int Code, string Out, string Err) Run(string tool, string folder, string[] args)
    {
        var info = new ProcessStartInfo(tool) { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"cannot start {tool}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Deadline))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{tool} did not finish in {Deadline.TotalSeconds} s");
        }

        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    private async Task<string> StartServeAsync()
    {
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        var baseUrl = $"http://127.0.0.1:{port}";
        var info = DotnetChild.StartInfo(
            "timbre.dll", "serve", "--catalog", _library.CatalogPath, "--model", "summary", "--upload-temp", _library.Dir.File("tmp"), "--urls", baseUrl);
        var output = new StringBuilder();
        _server = new Process { StartInfo = info };
        _server.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        _server.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        _server.Start();
        _server.BeginOutputReadLine();
        _server.BeginErrorReadLine();
        using var probe = new HttpClient { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + Deadline;
        while (true)
        {
            Assert.False(_server.HasExited, $"timbre serve exited: {output}");
            Assert.True(DateTime.UtcNow < deadline, $"timbre serve did not answer in time: {output}");
            try
            {
                if ((await probe.GetAsync("/api/health")).IsSuccessStatusCode)
                {
                    return baseUrl;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(100);
        }
    }
}
