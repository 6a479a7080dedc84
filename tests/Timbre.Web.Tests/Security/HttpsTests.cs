using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Timbre.Core.Errors;
using Timbre.Web.Tests.Support;

namespace Timbre.Web.Tests.Security;

/// <summary><c>timbre serve --https-cert</c>: real Kestrel over TLS with a self-signed certificate made here.</summary>
public sealed class HttpsTests : IDisposable
{
    private const string Password = "pfx-pass";
    private readonly TempDir _dir = new();
    private readonly X509Certificate2 _certificate;

    public HttpsTests()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        _certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        File.WriteAllBytes(_dir.File("server.pfx"), _certificate.Export(X509ContentType.Pfx, Password));
        File.WriteAllText(_dir.File("server.crt"), _certificate.ExportCertificatePem());
        File.WriteAllText(_dir.File("server.key"), key.ExportPkcs8PrivateKeyPem());
    }

    public void Dispose()
    {
        _certificate.Dispose();
        _dir.Dispose();
    }

    [Trait("Category", "Slow")]
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Https_serves_secure_cookies_and_HSTS_with_a_pfx_or_a_pem_certificate(bool pem)
    {
        var options = new TimbreWebOptions
        {
            Urls = "https://127.0.0.1:0",
            TempDirectory = _dir.Path,
            HttpsCertificateFile = _dir.File(pem ? "server.crt" : "server.pfx"),
            HttpsKeyFile = pem ? _dir.File("server.key") : null,
            HttpsCertificatePassword = pem ? null : Password,
        };
        await using var app = TimbreWeb.Build(options, new InMemoryBackend(), l => l.SetMinimumLevel(LogLevel.Warning));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        Assert.StartsWith("https://", address, StringComparison.Ordinal);

        using var handler = new HttpClientHandler
        {
            UseCookies = false,
            ServerCertificateCustomValidationCallback = (_, cert, _, _) => cert?.Thumbprint == _certificate.Thumbprint,
        };
        using var client = new HttpClient(handler) { BaseAddress = new Uri(address) };
        client.DefaultRequestHeaders.Add("X-Timbre-Request", "1");

        var register = await client.PostJsonAsync("/api/auth/register", new { name = "tls", password = "correct horse" });
        Assert.Equal(HttpStatusCode.OK, register.StatusCode);
        var setCookie = register.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("timbre.auth=", StringComparison.Ordinal));
        Assert.Contains("; secure", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("; httponly", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("max-age=31536000", register.Headers.GetValues("Strict-Transport-Security").Single());

        var notFound = await client.GetAsync("/api/tracks/12345");
        Assert.Equal(HttpStatusCode.NotFound, notFound.StatusCode);
        Assert.True(notFound.Headers.Contains("Strict-Transport-Security"));
        SecurityHeaderTests.AssertSecurityHeaders(notFound, "404 over HTTPS");
        await app.StopAsync();
    }

    [Fact]
    public void Https_settings_that_cannot_work_are_refused_with_clear_errors()
    {
        var plainUrl = Assert.Throws<InvalidOptionsException>(() => new TimbreWebOptions { HttpsCertificateFile = _dir.File("server.pfx") }.Validate());
        Assert.Contains("every URL must start with https://", plainUrl.Message, StringComparison.Ordinal);

        var noCert = Assert.Throws<InvalidOptionsException>(() => new TimbreWebOptions { Urls = "https://127.0.0.1:5001" }.Validate());
        Assert.Contains("needs a certificate", noCert.Message, StringComparison.Ordinal);

        var wrongPassword = Assert.Throws<InvalidOptionsException>(() => TimbreWeb.Build(
            new TimbreWebOptions { Urls = "https://127.0.0.1:0", HttpsCertificateFile = _dir.File("server.pfx"), HttpsCertificatePassword = "nope" },
            new InMemoryBackend()));
        Assert.Contains(_dir.File("server.pfx"), wrongPassword.Message, StringComparison.Ordinal);

        var missing = Assert.Throws<InvalidOptionsException>(() => TimbreWeb.Build(
            new TimbreWebOptions { Urls = "https://127.0.0.1:0", HttpsCertificateFile = _dir.File("absent.pfx") },
            new InMemoryBackend()));
        Assert.Contains("absent.pfx", missing.Message, StringComparison.Ordinal);
    }
}
