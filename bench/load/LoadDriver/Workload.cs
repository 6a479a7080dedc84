using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace LoadDriver;

/// <summary>
/// The clients and routes of the mixed load: anonymous browsing (library pages, searches, track pages, /similar,
/// audio range requests) and signed-in users (recommendations, likes with the CSRF header).
/// </summary>
internal sealed class Workload : IDisposable
{
    public const string CsrfHeader = "X-Timbre-Request";
    private static readonly string[] Sorts = ["title", "artist", "album", "year", "added", "duration"];
    private static readonly string[] Words = ["river", "night", "velvet", "echo", "golden", "the", "station", "ada"];

    private readonly HttpClient _anonymous;
    private readonly List<HttpClient> _users = [];
    private readonly List<long> _audioIds = [];
    private readonly (string Route, int Weight)[] _mix;

    private static readonly (string Route, int Weight)[] DefaultMix =
    [
        ("library", 20), ("search", 5), ("track", 20), ("similar", 25), ("me/recommendations", 12), ("audio", 10), ("like", 8),
    ];

    private long _maxTrackId;
    private string _run = "";

    public Workload(Uri baseUrl, IReadOnlyDictionary<string, int> mix)
    {
        var unknown = mix.Keys.Except(DefaultMix.Select(m => m.Route)).FirstOrDefault();
        if (unknown is not null)
        {
            throw new ArgumentException($"Unknown route '{unknown}' in --mix; routes: {string.Join(", ", DefaultMix.Select(m => m.Route))}.");
        }

        _mix = DefaultMix.Select(m => (m.Route, mix.GetValueOrDefault(m.Route, m.Weight))).ToArray();
        if (_mix.Sum(m => m.Weight) == 0)
        {
            throw new ArgumentException("--mix leaves no route with a weight above 0.");
        }

        BaseUrl = baseUrl;
        _anonymous = NewClient(null);
    }

    public Uri BaseUrl { get; }

    public IEnumerable<string> Routes => _mix.Where(m => m.Weight > 0).Select(m => m.Route);

    public long MaxTrackId => _maxTrackId;

    public IReadOnlyList<long> AudioIds => _audioIds;

    /// <summary>Finds the track id range and the tracks with real audio, registers the users and gives each a few likes.</summary>
    public async Task SetUpAsync(int users, Random random, CancellationToken ct)
    {
        using (var newest = await _anonymous.GetAsync("/api/tracks?sort=added&desc=true&pageSize=1", ct))
        {
            newest.EnsureSuccessStatusCode();
            using var doc = JsonDocument.Parse(await newest.Content.ReadAsStringAsync(ct));
            var items = doc.RootElement.GetProperty("items");
            _maxTrackId = items.GetArrayLength() > 0 ? items[0].GetProperty("id").GetInt64() : throw new InvalidOperationException("The catalog has no tracks.");
        }

        for (long id = 1; id <= Math.Min(64, _maxTrackId); id++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/tracks/{id}/audio");
            request.Headers.Range = new System.Net.Http.Headers.RangeHeaderValue(0, 0);
            using var response = await _anonymous.SendAsync(request, ct);
            if (response.StatusCode == HttpStatusCode.PartialContent)
            {
                _audioIds.Add(id);
            }
        }

        _run = Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture) + "x" + random.Next(100_000);
        for (var i = 0; i < users; i++)
        {
            var client = await RegisterAsync($"load-{_run}-{i}", ct);
            _users.Add(client);
            for (var like = 0; like < 5; like++)
            {
                using var liked = await Like(client, RandomTrack(random), ct);
                liked.EnsureSuccessStatusCode();
            }
        }
    }

    /// <summary>A new signed-in client: registers <paramref name="name"/> (made unique per driver run by the caller's prefix).</summary>
    public async Task<HttpClient> RegisterAsync(string name, CancellationToken ct)
    {
        var client = NewClient(new CookieContainer());
        using var response = await client.PostAsJsonAsync("/api/auth/register", new { name, password = "load-test-password" }, ct);
        if (!response.IsSuccessStatusCode)
        {
            client.Dispose();
            throw new InvalidOperationException($"Registering a load user failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct)}");
        }

        return client;
    }

    /// <summary>Text that makes a user name unique to this driver run.</summary>
    public string RunTag => _run;

    /// <summary>A random catalog track id.</summary>
    public long RandomTrack(Random random) => 1 + random.NextInt64(_maxTrackId);

    /// <summary>A route drawn from the mix.</summary>
    public string Pick(Random random)
    {
        var x = random.Next(_mix.Sum(m => m.Weight));
        foreach (var (route, weight) in _mix)
        {
            if ((x -= weight) < 0)
            {
                return route;
            }
        }

        return _mix[^1].Route;
    }

    /// <summary>Sends one request of the route; returns null on the expected answer, else a short error.</summary>
    public async Task<string?> SendAsync(string route, Random random, CancellationToken ct)
    {
        var user = _users[random.Next(_users.Count)];
        using var response = route switch
        {
            "library" => await _anonymous.GetAsync($"/api/tracks?page={1 + random.Next(400)}&pageSize=25&sort={Sorts[random.Next(Sorts.Length)]}&desc={random.Next(2) == 0}", ct),
            "search" => await _anonymous.GetAsync($"/api/tracks?q={Words[random.Next(Words.Length)]}&pageSize=25", ct),
            "track" => await _anonymous.GetAsync($"/api/tracks/{RandomTrack(random)}", ct),
            "similar" => await _anonymous.GetAsync($"/api/tracks/{RandomTrack(random)}/similar?n=10", ct),
            "me/recommendations" => await user.GetAsync("/api/me/recommendations?n=10", ct),
            "audio" => await Audio(random, ct),
            "like" => await Like(user, RandomTrack(random), ct),
            _ => throw new ArgumentOutOfRangeException(nameof(route), route, null),
        };
        await response.Content.LoadIntoBufferAsync(ct);
        var expected = route == "audio" ? HttpStatusCode.PartialContent : HttpStatusCode.OK;
        return response.StatusCode == expected ? null : $"HTTP {(int)response.StatusCode}";
    }

    /// <summary>Status of GET url (for probes outside the measured load).</summary>
    public async Task<(HttpStatusCode Status, string Body)> GetAsync(string url, CancellationToken ct)
    {
        using var response = await _anonymous.GetAsync(url, ct);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(ct));
    }

    public void Dispose()
    {
        _anonymous.Dispose();
        foreach (var client in _users)
        {
            client.Dispose();
        }
    }

    private async Task<HttpResponseMessage> Audio(Random random, CancellationToken ct)
    {
        if (_audioIds.Count == 0)
        {
            throw new InvalidOperationException("No track among the first 64 has a real audio file (synthesise with --audio-dir).");
        }

        var start = random.Next(100_000);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/tracks/{_audioIds[random.Next(_audioIds.Count)]}/audio");
        request.Headers.Range = new System.Net.Http.Headers.RangeHeaderValue(start, start + 65_535);
        return await _anonymous.SendAsync(request, ct);
    }

    /// <summary>POSTs a like of <paramref name="trackId"/> by <paramref name="user"/> (the caller disposes the answer).</summary>
    public static async Task<HttpResponseMessage> Like(HttpClient user, long trackId, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/me/interactions")
        {
            Content = JsonContent.Create(new { trackId, kind = "like" }),
        };
        return await user.SendAsync(request, ct); // the client sends the CSRF header on every request
    }

    private HttpClient NewClient(CookieContainer? cookies)
    {
        var handler = new SocketsHttpHandler
        {
            UseCookies = cookies is not null,
            CookieContainer = cookies ?? new CookieContainer(),
            MaxConnectionsPerServer = 256,
            PooledConnectionLifetime = TimeSpan.FromMinutes(10),
        };
        var client = new HttpClient(handler) { BaseAddress = BaseUrl, Timeout = TimeSpan.FromSeconds(10) };
        client.DefaultRequestHeaders.Add(CsrfHeader, "1");
        return client;
    }
}
