using Timbre.Core.Catalog;
using Timbre.Storage.Postgres;
using Timbre.Testing.Catalog;

namespace Timbre.Storage.Tests.Postgres;

[Collection(PostgresCollection.Name)]
public sealed class PostgresLibraryMapRepositoryContractTests(PostgresServer server) : LibraryMapRepositoryContract
{
    protected override ICatalogStore OpenEmptyCatalog(TempDir dir) => new PostgresCatalogStore(server.CreateDatabase());
}
