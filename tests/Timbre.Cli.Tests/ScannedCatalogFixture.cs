namespace Timbre.Cli.Tests;

/// <summary>
/// A temp folder with a library that the real <c>timbre scan</c> catalogues once for a whole test class; tests that
/// write take a private copy of the catalog. Deleted on dispose.
/// </summary>
public abstract class ScannedCatalogFixture : IDisposable
{
    protected ScannedCatalogFixture(string prefix)
    {
        Dir = Directory.CreateTempSubdirectory(prefix).FullName;
        Library = Path.Combine(Dir, "lib");
        Catalog = Path.Combine(Dir, "c.db");
    }

    public string Dir { get; }

    public string Library { get; }

    public string Catalog { get; }

    /// <summary>A private copy of the catalog for a test that writes.</summary>
    public string CopyCatalog()
    {
        var copy = Path.Combine(Dir, $"copy-{Guid.NewGuid():N}.db");
        File.Copy(Catalog, copy);
        return copy;
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(Dir, recursive: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Runs <c>timbre ARGS</c> in-process; a non-zero exit fails the fixture with its output.</summary>
    protected static void Run(params string[] args)
    {
        var (code, output, error) = CliRunner.Run(args);
        if (code != 0)
        {
            throw new InvalidOperationException($"timbre {string.Join(' ', args)} failed: {error}{output}");
        }
    }
}
