using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.DependencyInjection;
using Timbre.Storage.Postgres;
using Timbre.Web.Auth;

namespace Timbre.Web.Tests.FrontEnds;

/// <summary>
/// Data Protection over a PostgreSQL catalog's key ring (<see cref="CatalogXmlRepository"/>): what one server
/// protects (a sign-in cookie), another server on the same catalog unprotects; a server on another catalog cannot.
/// </summary>
[Trait("Category", "Slow")]
public sealed class CatalogXmlRepositoryTests(PostgresServer server) : IClassFixture<PostgresServer>
{
    [Fact]
    public void WhatOneServerProtects_AnotherOnTheSameCatalogReads_OneOnAnotherCatalogCannot()
    {
        var shared = server.CreateDatabase();
        using var storeA = new PostgresCatalogStore(shared);
        using var storeB = new PostgresCatalogStore(shared);
        using var storeOther = new PostgresCatalogStore(server.CreateDatabase());
        using var a = Provider(storeA);
        using var b = Provider(storeB);
        using var other = Provider(storeOther);

        var cookie = a.GetRequiredService<IDataProtectionProvider>().CreateProtector("cookie").Protect("session 42");
        Assert.Single(storeA.KeyRing.ReadElements()); // the key A created is in the catalog
        Assert.Equal("session 42", b.GetRequiredService<IDataProtectionProvider>().CreateProtector("cookie").Unprotect(cookie));
        Assert.ThrowsAny<CryptographicException>(() => other.GetRequiredService<IDataProtectionProvider>().CreateProtector("cookie").Unprotect(cookie));

        // B reuses A's key rather than adding its own.
        b.GetRequiredService<IDataProtectionProvider>().CreateProtector("cookie").Protect("x");
        Assert.Single(storeB.KeyRing.ReadElements());
    }

    private static ServiceProvider Provider(PostgresCatalogStore store)
    {
        var services = new ServiceCollection();
        services.AddDataProtection().SetApplicationName(TimbreWeb.SharedApplicationName);
        services.Configure<KeyManagementOptions>(o => o.XmlRepository = new CatalogXmlRepository(store.KeyRing));
        return services.BuildServiceProvider();
    }
}
