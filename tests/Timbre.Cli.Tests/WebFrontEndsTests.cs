using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Xunit.Abstractions;

namespace Timbre.Cli.Tests;

/// <summary>
/// Issue 13, stateless web front-ends: two real <c>timbre serve</c> processes (timbre.dll next to the tests) on one
/// PostgreSQL catalog (a throw-away server, <see cref="PostgresServer"/>), each with a HOME of its own so nothing but
/// the catalog is shared. A cookie issued by A signs in on B (the Data Protection key ring lives in the catalog); a
/// like on A shows in B's taste and recommendations; a sign-out on A is refused by B within the change feed's bound.
/// </summary>
[Collection("Console")]
[Trait("Category", "Slow")]
public sealed class WebFrontEndsTests(PostgresServer postgres, ITestOutputHelper output) : IClassFixture<PostgresServer>, IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    // The documented bound is the change check interval (1 s) plus one catalog read; the margin is for a loaded machine,
    // and stays under the session cache's own 30 s expiry so the test fails if only that expiry signed the user out.
    private static readonly TimeSpan ChangeBound = TimeSpan.FromSeconds(15);

    private readonly TempDir _root = new("timbre-frontends-");
    private readonly List<Process> _servers = [];

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

        _root.Dispose();
    }

    [Fact]
    public async Task TwoServersOnOnePostgresCatalog_ShareSignIn_Likes_AndSignOut()
    {
        using var library = new TestLibrary(perFamily: 2, seconds: 2);
        var catalog = postgres.CreateDatabase();
        var (code, _, error) = CliRunner.Run("scan", library.Root, "--catalog", catalog, "--json");
        Assert.True(code == 0, $"scan exited {code}: {error}");
        // Genre labels (as tags would give them) so the hybrid method has genres to work with.
        var database = catalog[(catalog.LastIndexOf('/') + 1)..];
        foreach (var (path, _, family) in library.Tracks)
        {
            postgres.Exec(database, $"UPDATE tracks SET genre_tag = '{family}' WHERE path = '{Path.GetFullPath(path).Replace("'", "''", StringComparison.Ordinal)}'");
        }

        var a = await StartServeAsync(catalog, "a");
        var b = await StartServeAsync(catalog, "b");
        using var anonymous = Client(b, cookie: null);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/healthz")).StatusCode);
        var ready = await anonymous.GetAsync("/readyz");
        var readyBody = await ready.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("""{"status":"ready","catalog":true,"snapshot":true}""", readyBody);
        Assert.DoesNotContain(postgres.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), readyBody);

        // Register (and so sign in) on A; the same cookie on B is the same user.
        var cookies = new CookieContainer();
        using var onA = Client(a, cookies);
        var register = await onA.PostAsJsonAsync("/api/auth/register", new { name = "ann", password = "ann-password-123" });
        Assert.True(register.IsSuccessStatusCode, await register.Content.ReadAsStringAsync());
        var cookie = cookies.GetCookies(new Uri(a))["timbre.auth"]?.Value;
        Assert.False(string.IsNullOrEmpty(cookie));
        using var onB = Client(b, cookie);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/me")).StatusCode);
        var me = await onB.GetAsync("/api/me");
        Assert.True(me.StatusCode == HttpStatusCode.OK, $"B refused A's cookie: {(int)me.StatusCode} {await me.Content.ReadAsStringAsync()}");
        Assert.Equal("ann", (await me.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("name").GetString());
        Assert.Empty((await onB.GetFromJsonAsync<JsonElement>("/api/me/taste")).GetProperty("likes").EnumerateArray());

        // Like on A: B's likes list and recommendations follow through the change feed.
        var liked = (await onA.GetFromJsonAsync<JsonElement>("/api/tracks?pageSize=1&sort=title")).GetProperty("items")[0].GetProperty("id").GetInt64();
        var like = await onA.PostAsJsonAsync("/api/me/interactions", new { trackId = liked, kind = "like" });
        Assert.True(like.IsSuccessStatusCode, await like.Content.ReadAsStringAsync());
        var expected = await Recommendations(onA);
        Assert.NotEmpty(expected);
        Assert.DoesNotContain(liked, expected);

        var clock = Stopwatch.StartNew();
        await WaitUntil(async () => Likes(await onB.GetFromJsonAsync<JsonElement>("/api/me/taste")).Contains(liked), "B never listed A's like");
        var likesSeen = clock.Elapsed;
        await WaitUntil(async () => (await Recommendations(onB)).SequenceEqual(expected), "B's recommendations never matched A's after the like");
        output.WriteLine($"like on A: in B's likes after {likesSeen.TotalMilliseconds:F0} ms, B's recommendations equal A's after {clock.Elapsed.TotalMilliseconds:F0} ms");
        Assert.True(clock.Elapsed < ChangeBound, $"B took {clock.Elapsed} to follow A's like");

        // Sign out on A (B has the session cached from the requests above): B refuses the cookie too.
        Assert.Equal(HttpStatusCode.NoContent, (await onA.PostAsync("/api/auth/logout", null)).StatusCode);
        using var copyOnA = Client(a, cookie);
        Assert.Equal(HttpStatusCode.Unauthorized, (await copyOnA.GetAsync("/api/me")).StatusCode);
        clock.Restart();
        await WaitUntil(async () => (await onB.GetAsync("/api/me")).StatusCode == HttpStatusCode.Unauthorized, "B kept accepting the signed-out cookie");
        output.WriteLine($"sign-out on A: refused by B after {clock.Elapsed.TotalMilliseconds:F0} ms");
        Assert.True(clock.Elapsed < ChangeBound, $"B took {clock.Elapsed} to refuse the signed-out cookie");
    }

    private static async Task<List<long>> Recommendations(HttpClient client) =>
        (await client.GetFromJsonAsync<JsonElement>("/api/me/recommendations?method=hybrid&n=5")).GetProperty("items").EnumerateArray()
            .Select(i => i.GetProperty("id").GetInt64()).ToList();

    private static List<long> Likes(JsonElement taste) =>
        taste.GetProperty("likes").EnumerateArray().Select(t => t.GetProperty("id").GetInt64()).ToList();

    private static async Task WaitUntil(Func<Task<bool>> condition, string failure)
    {
        var deadline = DateTime.UtcNow + ChangeBound;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, failure);
            await Task.Delay(100);
        }
    }

    private async Task<string> StartServeAsync(string catalog, string name)
    {
        var baseUrl = $"http://127.0.0.1:{FreePort()}";
        var home = Path.Combine(_root.Path, name);
        Directory.CreateDirectory(home);
        var info = DotnetChild.StartInfo("timbre.dll", "serve", "--catalog", catalog, "--urls", baseUrl, "--upload-temp", Path.Combine(home, "uploads"));
        // A HOME of its own: ASP.NET Core's default key folder (~/.aspnet/DataProtection-Keys) is not shared.
        info.Environment["HOME"] = home;
        var log = new StringBuilder();
        var server = new Process { StartInfo = info };
        server.OutputDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        server.ErrorDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        server.Start();
        server.BeginOutputReadLine();
        server.BeginErrorReadLine();
        _servers.Add(server);

        using var probe = new HttpClient { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + Deadline;
        while (true)
        {
            Assert.False(server.HasExited, $"timbre serve {name} exited: {log}");
            Assert.True(DateTime.UtcNow < deadline, $"timbre serve {name} never became ready: {log}");
            try
            {
                if ((await probe.GetAsync("/readyz")).IsSuccessStatusCode)
                {
                    return baseUrl;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(100);
        }
    }

    private static HttpClient Client(string baseUrl, CookieContainer cookies) =>
        Configure(new HttpClient(new HttpClientHandler { CookieContainer = cookies }) { BaseAddress = new Uri(baseUrl), Timeout = Deadline });

    /// <summary>A client that sends exactly this auth cookie (or none) and keeps none it is given.</summary>
    private static HttpClient Client(string baseUrl, string? cookie)
    {
        var client = Configure(new HttpClient(new HttpClientHandler { UseCookies = false }) { BaseAddress = new Uri(baseUrl), Timeout = Deadline });
        if (cookie is not null)
        {
            client.DefaultRequestHeaders.Add("Cookie", $"timbre.auth={cookie}");
        }

        return client;
    }

    private static HttpClient Configure(HttpClient client)
    {
        client.DefaultRequestHeaders.Add("X-Timbre-Request", "1");
        return client;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
