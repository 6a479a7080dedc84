using Timbre.Storage.Postgres;

namespace Timbre.Storage.Tests.Postgres;

/// <summary>
/// The key ring the web servers on one PostgreSQL catalog share (<see cref="Timbre.Core.Catalog.ISharedKeyRing"/>,
/// table <c>data_protection_keys</c>): elements come back exactly, in order, to every store on the database, from
/// any thread, and adding one is not a catalog change.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresSharedKeyRingTests(PostgresServer server)
{
    [Fact]
    public void Elements_RoundTripExactly_InOrder_ToEveryStoreOnTheDatabase()
    {
        var url = server.CreateDatabase();
        using var a = new PostgresCatalogStore(url);
        using var b = new PostgresCatalogStore(url);
        Assert.Empty(a.KeyRing.ReadElements());

        var first = "<key id=\"1\" version=\"1\"><creationDate>2026-01-01T00:00:00Z</creationDate><é>ünïcödé ✓</é></key>";
        var large = "<key id=\"2\">" + new string('x', 100_000) + "</key>";
        var revocation = "<revocation version=\"1\"><key id=\"1\" /></revocation>";
        a.KeyRing.AddElement("key-1", first);
        b.KeyRing.AddElement("key-2", large);
        a.KeyRing.AddElement("revocation-20260101", revocation);

        Assert.Equal([first, large, revocation], a.KeyRing.ReadElements());
        Assert.Equal([first, large, revocation], b.KeyRing.ReadElements());
        using var later = new PostgresCatalogStore(url);
        Assert.Equal([first, large, revocation], later.KeyRing.ReadElements());
    }

    [Fact]
    public async Task AddAndRead_FromManyThreads_WhileTheStoreWrites_LoseNothing()
    {
        using var store = new PostgresCatalogStore(server.CreateDatabase());
        var writer = Task.Run(() =>
        {
            for (var i = 0; i < 20; i++)
            {
                store.CreateUser($"user{i}", "hash");
            }
        });
        Parallel.For(0, 40, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            store.KeyRing.AddElement($"key-{i}", $"<key id=\"{i}\" />");
            Assert.Contains($"<key id=\"{i}\" />", store.KeyRing.ReadElements());
        });
        await writer;

        Assert.Equal(
            Enumerable.Range(0, 40).Select(i => $"<key id=\"{i}\" />").Order(StringComparer.Ordinal),
            store.KeyRing.ReadElements().Order(StringComparer.Ordinal));
        Assert.Equal(20, store.ListUsers().Count);
    }

    [Fact]
    public void AddingAKey_IsNotACatalogChange_SoNoServerReloadsItsSnapshot()
    {
        var url = server.CreateDatabase();
        using var web = new PostgresCatalogStore(url);
        using var other = new PostgresCatalogStore(url);
        var before = web.ChangeVersion();

        other.KeyRing.AddElement("key-1", "<key id=\"1\" />");
        Thread.Sleep(300);
        Assert.Equal(before, web.ChangeVersion());

        // The same store's ordinary write does reach the feed (the check above could fail).
        other.CreateUser("ann", "hash");
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (web.ChangeVersion() == before)
        {
            Assert.True(DateTime.UtcNow < deadline, "the user insert never reached the change feed");
            Thread.Sleep(50);
        }
    }

    [Fact]
    public void SqliteCatalog_HasNoSharedKeyRing_PostgresHasOne()
    {
        using var dir = new TempDir();
        using var sqlite = CatalogStores.Open(Path.Combine(dir.Path, "c.db"), create: true);
        Assert.Null(CatalogStores.SharedKeyRing(sqlite));
        using var postgres = CatalogStores.Open(server.CreateDatabase(), create: true);
        Assert.NotNull(CatalogStores.SharedKeyRing(postgres));
    }
}
