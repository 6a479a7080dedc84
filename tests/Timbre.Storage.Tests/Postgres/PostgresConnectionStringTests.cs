using Timbre.Core.Catalog;
using Timbre.Storage.Postgres;

namespace Timbre.Storage.Tests.Postgres;

/// <summary>The forms of the catalog argument that name a PostgreSQL database (no server needed).</summary>
public sealed class PostgresConnectionStringTests
{
    [Theory]
    [InlineData("postgresql://u@h:5433/db", true)]
    [InlineData("postgres://h/db", true)]
    [InlineData("Host=h;Database=db", true)]
    [InlineData("host=h", true)]
    [InlineData("timbre.db", false)]
    [InlineData("/data/music catalog.db", false)]
    [InlineData("C:\\music\\timbre.db", false)]
    public void IsPostgres_TellsAddressesFromFilePaths(string catalog, bool expected) =>
        Assert.Equal(expected, CatalogStores.IsPostgres(catalog));

    [Fact]
    public void Url_GivesUserPasswordHostPortDatabaseAndParameters_AndDescribeHidesThePassword()
    {
        var b = PostgresConnectionString.Parse("postgresql://ann%40home:s%3Acret@db.example:6432/music?sslmode=require&application_name=web");

        Assert.Equal(("ann@home", "s:cret", "db.example", 6432, "music"), (b.Username, b.Password, b.Host, b.Port, b.Database));
        Assert.Equal(Npgsql.SslMode.Require, b.SslMode);
        Assert.Equal("web", b.ApplicationName);
        Assert.Equal("postgresql://ann%40home@db.example:6432/music", PostgresConnectionString.Describe(b));
        Assert.Equal("postgresql://ann%40home@db.example:6432/music", CatalogStores.Describe("postgresql://ann%40home:s%3Acret@db.example:6432/music"));
    }

    [Fact]
    public void ASocketFolderAndAConnectionString_AreAccepted()
    {
        var socket = PostgresConnectionString.Parse("postgresql:///music?host=/run/postgresql");
        Assert.Equal(("/run/postgresql", "music"), (socket.Host, socket.Database));

        var cs = PostgresConnectionString.Parse("Host=10.0.0.2;Port=5444;Database=music;Username=timbre;Password=pw");
        Assert.Equal(("10.0.0.2", 5444, "music", "timbre"), (cs.Host, cs.Port, cs.Database, cs.Username));
    }

    [Theory]
    [InlineData("postgresql://h:5432")]
    [InlineData("postgresql://h/db?colour=blue")]
    [InlineData("Host=h;Databse=x;Password=hunter2")]
    public void ABadAddress_IsACatalogException_WithoutItsPassword(string address)
    {
        var e = Assert.Throws<CatalogException>(() => PostgresConnectionString.Parse(address));
        Assert.DoesNotContain("hunter2", e.Message);
    }
}
