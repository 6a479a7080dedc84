using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Timbre.Web.Tests.Support;

namespace Timbre.Web.Tests.Security;

/// <summary>Brute force and floods through the real pipeline: 429 with Retry-After and a JSON error.</summary>
public sealed class RateLimitTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Password_guessing_from_one_address_gets_429_with_Retry_After_even_with_forged_X_Forwarded_For()
    {
        using var factory = Factory(new RateLimitOptions { AuthPerAddress = 4, FailuresPerAccount = 100 });
        using var client = factory.CreateBareClient("198.51.100.7");
        for (var i = 0; i < 4; i++)
        {
            var guess = await client.PostJsonAsync("/api/auth/login", new { name = $"user{i}", password = "guess-" + i });
            Assert.Equal(HttpStatusCode.Unauthorized, guess.StatusCode);
        }

        // A client cannot pick its address by header: X-Forwarded-For is not trusted.
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/login") { Content = JsonContent.Create(new { name = "user9", password = "guess-9" }) };
        request.Headers.Add("X-Forwarded-For", "203.0.113.99");
        var blocked = await client.SendAsync(request);
        await AssertTooManyAsync(blocked, maxSeconds: 60);

        await AssertTooManyAsync(await client.PostJsonAsync("/api/auth/register", new { name = "fresh", password = "long enough" }), maxSeconds: 60);

        using var other = factory.CreateBareClient("198.51.100.8");
        Assert.Equal(HttpStatusCode.Unauthorized, (await other.PostJsonAsync("/api/auth/login", new { name = "user0", password = "x" })).StatusCode);
    }

    [Trait("Category", "Slow")]
    [Fact]
    public async Task Failures_on_one_account_from_many_addresses_lock_that_account_only_and_the_right_password_waits_too()
    {
        using var factory = Factory(new RateLimitOptions { AuthPerAddress = 100, FailuresPerAccount = 3, AccountLockout = TimeSpan.FromMinutes(10) });
        using (var owner = factory.CreateBareClient("192.0.2.10"))
        {
            await AuthCalls.RegisterAsync(owner, "victim", "correct horse");
            await AuthCalls.RegisterAsync(owner, "bystander", "correct horse");
        }

        for (var i = 0; i < 3; i++)
        {
            using var attacker = factory.CreateBareClient($"203.0.113.{i + 1}");
            Assert.Equal(HttpStatusCode.Unauthorized, (await attacker.PostJsonAsync("/api/auth/login", new { name = "victim", password = $"wrong-{i}" })).StatusCode);
        }

        using var fresh = factory.CreateBareClient("203.0.113.50");
        await AssertTooManyAsync(await fresh.PostJsonAsync("/api/auth/login", new { name = "victim", password = "wrong-again" }), maxSeconds: 600);
        // The same name in another case or in fullwidth letters is the same account.
        await AssertTooManyAsync(await fresh.PostJsonAsync("/api/auth/login", new { name = "ＶＩＣＴＩＭ", password = "correct horse" }), maxSeconds: 600);
        Assert.Equal(HttpStatusCode.OK, (await fresh.PostJsonAsync("/api/auth/login", new { name = "bystander", password = "correct horse" })).StatusCode);
    }

    [Trait("Category", "Slow")]
    [Fact]
    public async Task Successful_sign_ins_do_not_use_up_the_account_allowance()
    {
        using var factory = Factory(new RateLimitOptions { AuthPerAddress = 100, FailuresPerAccount = 2 });
        using var client = factory.CreateBareClient();
        await AuthCalls.RegisterAsync(client, "regular", "correct horse");
        for (var i = 0; i < 5; i++)
        {
            await AuthCalls.LoginAsync(client, "regular", "correct horse");
        }
    }

    [Trait("Category", "Slow")]
    [Fact]
    public async Task Analyze_is_limited_per_address_when_anonymous_and_per_user_when_signed_in()
    {
        using var factory = Factory(new RateLimitOptions { AnalyzePerMinuteAnonymous = 2, AnalyzePerMinuteUser = 3 });
        using var client = factory.CreateBareClient("192.0.2.20");
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("/api/analyze", Upload())).StatusCode);
        }

        await AssertTooManyAsync(await client.PostAsync("/api/analyze", Upload()), maxSeconds: 60);

        var cookie = await AuthCalls.RegisterAsync(client, "uploader", "correct horse");
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await SendUploadAsync(client, cookie)).StatusCode);
        }

        await AssertTooManyAsync(await SendUploadAsync(client, cookie), maxSeconds: 60);
    }

    [Trait("Category", "Slow")]
    [Fact]
    public async Task Disabled_limits_let_a_load_test_through()
    {
        using var factory = Factory(RateLimitOptions.Disabled);
        using var client = factory.CreateBareClient();
        for (var i = 0; i < 12; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostJsonAsync("/api/auth/login", new { name = "same", password = "wrong" })).StatusCode);
        }
    }

    internal static async Task AssertTooManyAsync(HttpResponseMessage response, int maxSeconds)
    {
        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        var retryAfter = int.Parse(response.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 1, maxSeconds);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.StartsWith("Too many attempts", body.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    private WebFactory Factory(RateLimitOptions limits)
    {
        return new WebFactory(new TimbreWebOptions { TempDirectory = _dir.Path, RateLimits = limits }, new InMemoryBackend());
    }

    private static MultipartFormDataContent Upload() =>
        new() { { new ByteArrayContent(TestWav.Tone(330, 0.2)), "file", "tone.wav" } };

    private static Task<HttpResponseMessage> SendUploadAsync(HttpClient client, string cookie)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/analyze") { Content = Upload() };
        request.Headers.Add("Cookie", cookie);
        return client.SendAsync(request);
    }
}
