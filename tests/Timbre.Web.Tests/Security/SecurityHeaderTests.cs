using System.Net;
using Timbre.Web.Tests.Support;

namespace Timbre.Web.Tests.Security;

/// <summary>Every kind of answer carries the security headers: pages, JSON, and each kind of error.</summary>
[Trait("Category", "Slow")]
public sealed class SecurityHeaderTests : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly InMemoryBackend _backend = new();
    private readonly WebFactory _factory;

    public SecurityHeaderTests()
    {
        _factory = new WebFactory(
            new TimbreWebOptions { TempDirectory = _dir.Path, MaxUploadBytes = 4096, RateLimits = new RateLimitOptions { AuthPerAddress = 1 } },
            _backend);
    }

    public void Dispose()
    {
        _factory.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public async Task Pages_json_and_every_kind_of_error_answer_carry_the_security_headers()
    {
        using var client = _factory.CreateBareClient();
        using var noCsrf = _factory.CreateClient();
        _backend.AnalysisHook = _ => throw new InvalidOperationException("backend bug");
        var answers = new (string What, HttpStatusCode Expected, Func<Task<HttpResponseMessage>> Send)[]
        {
            ("page", HttpStatusCode.OK, () => client.GetAsync("/")),
            ("json", HttpStatusCode.OK, () => client.GetAsync("/api/health")),
            ("unknown path", HttpStatusCode.NotFound, () => client.GetAsync("/no/such/page")),
            ("unknown track", HttpStatusCode.NotFound, () => client.GetAsync("/api/tracks/999")),
            ("auth 401", HttpStatusCode.Unauthorized, () => client.GetAsync("/api/me")),
            ("csrf 403", HttpStatusCode.Forbidden, () => noCsrf.PostAsync("/api/auth/logout", null)),
            ("ErrorMiddleware 413", HttpStatusCode.RequestEntityTooLarge, () => client.PostAsync("/api/analyze", Upload(new byte[8192], "big.wav"))),
            ("ErrorMiddleware 415", HttpStatusCode.UnsupportedMediaType, () => client.PostAsync("/api/analyze", Upload([1, 2, 3], "notes.txt"))),
            ("ErrorMiddleware 500", HttpStatusCode.InternalServerError, () => client.PostAsync("/api/analyze", Upload(TestWav.Tone(440, 0.05), "ok.wav"))),
            ("login 401", HttpStatusCode.Unauthorized, () => client.PostJsonAsync("/api/auth/login", new { name = "x", password = "y" })),
            ("rate limit 429", HttpStatusCode.TooManyRequests, () => client.PostJsonAsync("/api/auth/login", new { name = "x", password = "y" })),
        };

        foreach (var (what, expected, send) in answers)
        {
            using var response = await send();
            Assert.True(expected == response.StatusCode, $"{what}: expected {expected}, got {response.StatusCode}");
            AssertSecurityHeaders(response, what);
            Assert.False(response.Headers.Contains("Strict-Transport-Security"), $"{what}: HSTS over plain HTTP");
        }
    }

    internal static void AssertSecurityHeaders(HttpResponseMessage response, string what)
    {
        Assert.True(response.Headers.TryGetValues("X-Content-Type-Options", out var nosniff) && nosniff.Single() == "nosniff", $"{what}: X-Content-Type-Options");
        Assert.True(response.Headers.TryGetValues("X-Frame-Options", out var frame) && frame.Single() == "DENY", $"{what}: X-Frame-Options");
        Assert.True(response.Headers.Contains("Referrer-Policy"), $"{what}: Referrer-Policy");
        Assert.True(
            response.Headers.TryGetValues("Content-Security-Policy", out var csp) && csp.Single().Contains("frame-ancestors 'none'", StringComparison.Ordinal),
            $"{what}: Content-Security-Policy");
    }

    private static MultipartFormDataContent Upload(byte[] bytes, string name) => new() { { new ByteArrayContent(bytes), "file", name } };
}
