namespace Timbre.Cli.Tests;

/// <summary>
/// A generated album library (<c>timbre corpus generate --albums 4</c>: 2 artists × 2 albums × 6 tracks of 5 s, jazz and
/// metal) scanned once with the real <c>timbre scan</c> (summary analyzer). Tests that write copy the catalog first.
/// </summary>
public sealed class AlbumLibraryFixture : IDisposable
{
    public const int Albums = 4, TracksPerAlbum = 6;

    public AlbumLibraryFixture()
    {
        Dir = Directory.CreateTempSubdirectory("timbre-albums-").FullName;
        Library = Path.Combine(Dir, "lib");
        Catalog = Path.Combine(Dir, "c.db");
        Run("corpus", "generate", "--albums", $"{Albums}", "--tracks-per-album", $"{TracksPerAlbum}", "--seconds", "5", "--genres", "jazz,metal", "--seed", "3", "--jobs", "2", "--out", Library);
        Run("scan", Library, "--catalog", Catalog, "--workers", "2");
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
    }

    private static void Run(params string[] args)
    {
        var (code, output, error) = CliRunner.Run(args);
        if (code != 0)
        {
            throw new InvalidOperationException($"timbre {string.Join(' ', args)} failed: {error}{output}");
        }
    }
}
