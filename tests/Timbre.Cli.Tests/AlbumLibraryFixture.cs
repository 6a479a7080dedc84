namespace Timbre.Cli.Tests;

/// <summary>
/// A generated album library (<c>timbre corpus generate --albums 4</c>: 2 artists × 2 albums × 6 tracks of 5 s, jazz and
/// metal) scanned once with the real <c>timbre scan</c> (summary analyzer). Tests that write copy the catalog first.
/// </summary>
public sealed class AlbumLibraryFixture : ScannedCatalogFixture
{
    public const int Albums = 4, TracksPerAlbum = 6;

    public AlbumLibraryFixture()
        : base("timbre-albums-")
    {
        Run("corpus", "generate", "--albums", $"{Albums}", "--tracks-per-album", $"{TracksPerAlbum}", "--seconds", "5", "--genres", "jazz,metal", "--seed", "3", "--jobs", "2", "--out", Library);
        Run("scan", Library, "--catalog", Catalog, "--workers", "2");
    }
}
