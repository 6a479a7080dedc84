using Timbre.Core.Catalog;
using Timbre.Storage.Sqlite;
using Timbre.Testing.Catalog;

namespace Timbre.Storage.Tests.Sqlite;

public sealed class SqliteLibraryMapRepositoryContractTests : LibraryMapRepositoryContract
{
    protected override ICatalogStore OpenEmptyCatalog(TempDir dir) => new SqliteCatalogStore(dir.File("catalog.db"));
}
