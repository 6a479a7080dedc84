using System.Net;
using Timbre.Analyzers;
using Timbre.Audio;
using Timbre.Storage.Postgres;
using Timbre.Storage.Sqlite;
using Timbre.Web.Catalog;
using Timbre.Web.Tests.Support;

namespace Timbre.Web.Tests.FrontEnds;

/// <summary>
/// <c>/healthz</c> and <c>/readyz</c>: liveness always, readiness only with a reachable catalog and a loaded
/// snapshot; anonymous, never cached, booleans only.
/// </summary>
public sealed class HealthEndpointTests
{
    [Fact]
    public async Task Healthz_AndReadyz_AnswerAnonymously_WithoutCaching_OrDetails()
    {
        using var temp = new TempDir();
        using var factory = new WebFactory(new TimbreWebOptions { TempDirectory = temp.Path }, new InMemoryBackend());
        using var client = factory.CreateBareClient();
        var live = await client.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal("""{"status":"ok"}""", await live.Content.ReadAsStringAsync());
        Assert.True(live.Headers.CacheControl?.NoStore);

        var ready = await client.GetAsync("/readyz");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("""{"status":"ready","catalog":true,"snapshot":true}""", await ready.Content.ReadAsStringAsync());
        Assert.True(ready.Headers.CacheControl?.NoStore);
    }

    [Fact]
    [Trait("Category", "Slow")]
    public async Task Readyz_Is503_UntilTheSnapshotLoads_ThenReady()
    {
        using var library = new TestLibrary(perFamily: 1, seconds: 1);
        var decoder = AudioDecoders.CreateDefault();
        var analyzer = new SummaryFeatureAnalyzer();
        library.Catalogue(analyzer, decoder);
        using var backend = new CatalogBackend(new SqliteCatalogStore(library.CatalogPath), decoder, analyzer);
        using var factory = new WebFactory(new TimbreWebOptions { TempDirectory = library.Dir.File("tmp") }, backend);
        using var client = factory.CreateBareClient();

        var cold = await client.GetAsync("/readyz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, cold.StatusCode);
        Assert.Equal("""{"status":"not ready","catalog":true,"snapshot":false}""", await cold.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);

        backend.WarmUp();
        Assert.Equal(1, backend.SnapshotLoads);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/readyz")).StatusCode);
        Assert.Equal(1, backend.SnapshotLoads); // the probe itself never loads
    }
}

/// <summary><c>/readyz</c> on a PostgreSQL catalog whose database goes away under the server.</summary>
[Trait("Category", "Slow")]
public sealed class PostgresReadinessTests(PostgresServer server) : IClassFixture<PostgresServer>
{
    [Fact]
    public async Task Readyz_Is503_WhenTheCatalogStopsAnswering()
    {
        using var temp = new TempDir();
        var url = server.CreateDatabase("gone");
        using var backend = new CatalogBackend(new PostgresCatalogStore(url), AudioDecoders.CreateDefault(), analyzer: null);
        using var factory = new WebFactory(new TimbreWebOptions { TempDirectory = temp.Path }, backend);
        using var client = factory.CreateBareClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/readyz")).StatusCode);

        server.Exec("postgres", "DROP DATABASE gone WITH (FORCE)");
        var down = await client.GetAsync("/readyz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode);
        Assert.Equal("""{"status":"not ready","catalog":false,"snapshot":true}""", await down.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
    }
}
