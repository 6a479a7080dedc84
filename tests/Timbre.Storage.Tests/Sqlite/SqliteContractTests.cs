using Microsoft.Data.Sqlite;
using Timbre.Core.Catalog;
using Timbre.Storage.Sqlite;
using Timbre.Testing.Catalog;

namespace Timbre.Storage.Tests.Sqlite;

// The catalog contract (tests/Timbre.Testing/Catalog), role by role, against the SQLite store.

public sealed class SqliteTrackRepositoryContractTests : TrackRepositoryContract
{
    private string? _path;

    protected override ICatalogStore OpenEmptyCatalog(TempDir dir) => new SqliteCatalogStore(_path = dir.File("catalog.db"));

    protected override void ExecuteOutside(string sql)
    {
        using var c = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = _path, Pooling = false }.ToString());
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }
}

public sealed class SqliteScanRepositoryContractTests : ScanRepositoryContract
{
    protected override ICatalogStore OpenEmptyCatalog(TempDir dir) => new SqliteCatalogStore(dir.File("catalog.db"));
}

public sealed class SqliteAnalysisRepositoryContractTests : AnalysisRepositoryContract
{
    protected override ICatalogStore OpenEmptyCatalog(TempDir dir) => new SqliteCatalogStore(dir.File("catalog.db"));
}

public sealed class SqliteUserRepositoryContractTests : UserRepositoryContract
{
    protected override ICatalogStore OpenEmptyCatalog(TempDir dir) => new SqliteCatalogStore(dir.File("catalog.db"));
}

public sealed class SqlitePlayerRepositoryContractTests : PlayerRepositoryContract
{
    protected override ICatalogStore OpenEmptyCatalog(TempDir dir) => new SqliteCatalogStore(dir.File("catalog.db"));
}
