using Timbre.Core.Catalog;
using Timbre.Storage.Postgres;
using Timbre.Testing.Catalog;

namespace Timbre.Storage.Tests.Postgres;

// The catalog contract (tests/Timbre.Testing/Catalog), role by role, against the PostgreSQL store on a server the
// fixture starts (one per test run, a fresh database per test).

/// <summary>The tests that share one throw-away PostgreSQL server.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServer>
{
    /// <summary>The collection name.</summary>
    public const string Name = "postgres";
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresTrackRepositoryContractTests(PostgresServer server) : TrackRepositoryContract
{
    private string? _url;

    protected override ICatalogStore OpenEmptyCatalog(TempDir dir) => new PostgresCatalogStore(_url = server.CreateDatabase());

    protected override void ExecuteOutside(string sql) => server.Exec(PostgresConnectionString.Parse(_url!).Database!, sql);
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresScanRepositoryContractTests(PostgresServer server) : ScanRepositoryContract
{
    protected override ICatalogStore OpenEmptyCatalog(TempDir dir) => new PostgresCatalogStore(server.CreateDatabase());
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresAnalysisRepositoryContractTests(PostgresServer server) : AnalysisRepositoryContract
{
    protected override ICatalogStore OpenEmptyCatalog(TempDir dir) => new PostgresCatalogStore(server.CreateDatabase());
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresUserRepositoryContractTests(PostgresServer server) : UserRepositoryContract
{
    protected override ICatalogStore OpenEmptyCatalog(TempDir dir) => new PostgresCatalogStore(server.CreateDatabase());
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresPlayerRepositoryContractTests(PostgresServer server) : PlayerRepositoryContract
{
    protected override ICatalogStore OpenEmptyCatalog(TempDir dir) => new PostgresCatalogStore(server.CreateDatabase());
}
