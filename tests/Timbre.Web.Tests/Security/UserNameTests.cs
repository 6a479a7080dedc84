using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Timbre.Analyzers;
using Timbre.Audio;
using Timbre.Storage.Sqlite;
using Timbre.Web.Catalog;
using Timbre.Web.Tests.Support;

namespace Timbre.Web.Tests.Security;

/// <summary>
/// Look-alike names through the real pipeline over the real SQLite backend: invisible and mixed-script names are
/// refused with a clear 400; compatibility forms (fullwidth letters) and case are the same name (409).
/// </summary>
public sealed class UserNameTests : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly CatalogBackend _backend;
    private readonly WebFactory _factory;

    public UserNameTests()
    {
        _backend = new CatalogBackend(new SqliteCatalogStore(_dir.File("catalog.db")), AudioDecoders.CreateDefault(), new SummaryFeatureAnalyzer());
        _factory = new WebFactory(new TimbreWebOptions { TempDirectory = _dir.Path, RateLimits = RateLimitOptions.Disabled }, _backend);
    }

    public void Dispose()
    {
        _factory.Dispose();
        _backend.Dispose();
        _dir.Dispose();
    }

    [Theory]
    [InlineData("\u0430dmin", "mixes letters of different scripts (Latin, Cyrillic)")] // Cyrillic а
    [InlineData("p\u0430ypal", "mixes letters of different scripts (Latin, Cyrillic)")]
    [InlineData("\u03BFmega-o", "mixes letters of different scripts (Latin, Greek)")] // Greek ο
    [InlineData("ad\u200Bmin", "invisible or control character (U+200B)")] // zero-width space
    [InlineData("ad\u200Dmin", "invisible or control character (U+200D)")] // zero-width joiner
    [InlineData("admin\u202E", "invisible or control character (U+202E)")] // right-to-left override
    [InlineData("\u2066admin", "invisible or control character (U+2066)")] // left-to-right isolate
    [InlineData("ad\u00ADmin", "invisible or control character (U+00AD)")] // soft hyphen
    [InlineData("admin\u3164", "invisible or control character (U+1160)")] // Hangul filler (NFKC: U+1160)
    [InlineData("ad\u0007min", "invisible or control character (U+0007)")]
    [InlineData("   ", "Choose a name of 1–40 characters.")]
    public async Task Look_alike_and_invisible_names_are_refused_with_a_clear_400(string name, string expected)
    {
        using var client = _factory.CreateBareClient();
        var response = await client.PostJsonAsync("/api/auth/register", new { name, password = "correct horse" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(expected, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Null(_backend.FindUser(name));
    }

    [Trait("Category", "Slow")]
    [Theory]
    [InlineData("ａｄｍｉｎ")] // fullwidth
    [InlineData("ADMIN")]
    [InlineData("  admin ")]
    [InlineData("ᵃdmin")] // modifier small a: NFKC 'a'
    public async Task Compatibility_forms_and_case_are_the_same_name_and_conflict(string variant)
    {
        using var client = _factory.CreateBareClient();
        await AuthCalls.RegisterAsync(client, "admin", "correct horse");
        var second = await client.PostJsonAsync("/api/auth/register", new { name = variant, password = "correct horse" });
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Equal("That name is taken.", (await second.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());

        // The variant signs in to the same account.
        var login = await client.PostJsonAsync("/api/auth/login", new { name = variant, password = "correct horse" });
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        Assert.Equal("admin", (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("name").GetString());
    }

    [Trait("Category", "Slow")]
    [Theory]
    [InlineData("Ｊｏｓé  Ｍａｒíａ", "José María")]
    [InlineData("Ａｌｉｃｅ", "Alice")]
    [InlineData("Дмитрий", "Дмитрий")]
    [InlineData("山田 たろう", "山田 たろう")] // Han + Hiragana: a Japanese name
    [InlineData("Kim 민준", "Kim 민준")] // Latin + Hangul, as UTS #39 allows
    public async Task Real_names_of_one_script_register_in_their_normal_form(string name, string stored)
    {
        using var client = _factory.CreateBareClient();
        var response = await client.PostJsonAsync("/api/auth/register", new { name, password = "correct horse" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(stored, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("name").GetString());
    }
}
