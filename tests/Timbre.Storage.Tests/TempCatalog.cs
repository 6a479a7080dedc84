using Microsoft.Data.Sqlite;
using Timbre.Core.Catalog;
using Timbre.Storage.CrashWriter;
using Timbre.Storage.Sqlite;

namespace Timbre.Storage.Tests;

/// <summary>A temporary directory holding one catalog file; deleted on dispose.</summary>
internal sealed class TempCatalog : IDisposable
{
    public TempCatalog()
    {
        Directory = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "timbre-storage-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
        Path = System.IO.Path.Combine(Directory, "catalog.db");
    }

    public string Directory { get; }

    public string Path { get; }

    public SqliteCatalogStore Open() => new(Path);

    /// <summary>A raw connection for checks and tampering that the store's API does not allow.</summary>
    public SqliteConnection Raw()
    {
        var c = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path, Pooling = false }.ToString());
        c.Open();
        return c;
    }

    public long Scalar(string sql)
    {
        using var c = Raw();
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        return Convert.ToInt64(cmd.ExecuteScalar());
    }

    public void Exec(string sql)
    {
        using var c = Raw();
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>Saves synthetic tracks first..first+count-1 with analyses in one batch.</summary>
    public static IReadOnlyList<TrackRecord> SaveSynthetic(ICatalogStore store, int first, int count, int dim = 8) =>
        store.SaveAnalysesBatch(Enumerable.Range(first, count).Select(i => (SyntheticLibrary.Track(i), SyntheticLibrary.Analysis(i, dim))));
}
