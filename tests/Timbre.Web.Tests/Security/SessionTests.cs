using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Timbre.Analyzers;
using Timbre.Audio;
using Timbre.Storage.Sqlite;
using Timbre.Web.Backend;
using Timbre.Web.Catalog;
using Timbre.Web.Tests.Support;

namespace Timbre.Web.Tests.Security;

/// <summary>Sessions are revocable on the server: copied cookies die with logout and with a password change.</summary>
public abstract class SessionTests : IDisposable
{
    private readonly WebFactory _factory;

    protected SessionTests()
    {
        Dir = new TempDir();
        Backend = CreateBackend();
        _factory = new WebFactory(new TimbreWebOptions { TempDirectory = Dir.Path, RateLimits = RateLimitOptions.Disabled }, Backend);
    }

    private protected TempDir Dir { get; }

    private protected ITimbreBackend Backend { get; }

    public void Dispose()
    {
        _factory.Dispose();
        (Backend as IDisposable)?.Dispose();
        Dir.Dispose();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task A_cookie_copied_before_logout_no_longer_works_after_it()
    {
        using var client = _factory.CreateBareClient();
        var cookie = await AuthCalls.RegisterAsync(client, "carol", "correct horse");
        var copy = cookie;
        Assert.Equal(HttpStatusCode.OK, (await client.GetWithCookieAsync("/api/me", copy)).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await client.PostJsonAsync("/api/auth/logout", new { }, cookie)).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetWithCookieAsync("/api/me", copy)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostJsonAsync("/api/me/interactions", new { trackId = 1, kind = "like" }, copy)).StatusCode);
        // Signing in again gives a new working session.
        var again = await AuthCalls.LoginAsync(client, "carol", "correct horse");
        Assert.Equal(HttpStatusCode.OK, (await client.GetWithCookieAsync("/api/me", again)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetWithCookieAsync("/api/me", copy)).StatusCode);
    }

    [Fact]
    public async Task Password_change_signs_out_every_other_session_and_keeps_this_one()
    {
        using var client = _factory.CreateBareClient();
        var laptop = await AuthCalls.RegisterAsync(client, "dave", "correct horse");
        var phone = await AuthCalls.LoginAsync(client, "dave", "correct horse");
        var stolen = await AuthCalls.LoginAsync(client, "dave", "correct horse");

        var wrong = await client.PostJsonAsync("/api/auth/password", new { currentPassword = "not it at all", newPassword = "battery staple" }, laptop);
        Assert.Equal(HttpStatusCode.Forbidden, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetWithCookieAsync("/api/me", phone)).StatusCode);

        var changed = await client.PostJsonAsync("/api/auth/password", new { currentPassword = "correct horse", newPassword = "battery staple" }, laptop);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Equal(2, (await changed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("signedOutSessions").GetInt32());

        Assert.Equal(HttpStatusCode.OK, (await client.GetWithCookieAsync("/api/me", laptop)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetWithCookieAsync("/api/me", phone)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetWithCookieAsync("/api/me", stolen)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostJsonAsync("/api/auth/login", new { name = "dave", password = "correct horse" })).StatusCode);
        await AuthCalls.LoginAsync(client, "dave", "battery staple");
    }

    [Fact]
    public async Task Password_change_needs_a_session_and_a_valid_new_password()
    {
        using var client = _factory.CreateBareClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostJsonAsync("/api/auth/password", new { currentPassword = "a", newPassword = "b" })).StatusCode);
        var cookie = await AuthCalls.RegisterAsync(client, "erin", "correct horse");
        var weak = await client.PostJsonAsync("/api/auth/password", new { currentPassword = "correct horse", newPassword = "short" }, cookie);
        Assert.Equal(HttpStatusCode.BadRequest, weak.StatusCode);
        Assert.Contains("8–200 characters", (await weak.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    private protected abstract ITimbreBackend CreateBackend();
}

/// <summary><see cref="SessionTests"/> over the real backend: sessions in the SQLite catalog.</summary>
[Trait("Category", "Slow")]
public sealed class SqliteSessionTests : SessionTests
{
    private protected override ITimbreBackend CreateBackend() =>
        new CatalogBackend(new SqliteCatalogStore(Dir.File("catalog.db")), AudioDecoders.CreateDefault(), new SummaryFeatureAnalyzer());
}

/// <summary><see cref="SessionTests"/> over the in-memory test backend.</summary>
public sealed class InMemorySessionTests : SessionTests
{
    private protected override ITimbreBackend CreateBackend() => new InMemoryBackend();
}
