using Timbre.Audio;
using Timbre.Storage.Sqlite;
using Timbre.Web.Catalog;

namespace Timbre.Web.Tests.Support;

/// <summary>A test library catalogued by a tiny trained genre model, with the real backend over it.</summary>
internal sealed class GenreLibrary : IAsyncDisposable
{
    public GenreLibrary()
    {
        Library = new TestLibrary(perFamily: 3);
        var decoder = AudioDecoders.CreateDefault();
        var clips = Library.Tracks.Select((t, i) => (decoder.Decode(t.Path, 22050).Samples, Array.IndexOf(TestLibrary.Families, t.Family))).ToList();
        Analyzer = TinyGenreAnalyzer.Train(clips, TestLibrary.Families);
        Library.Catalogue(Analyzer, decoder);
        Backend = new CatalogBackend(new SqliteCatalogStore(Library.CatalogPath), decoder, Analyzer);
        Directory.CreateDirectory(Library.Dir.File("tmp"));
        Options = new TimbreWebOptions { TempDirectory = Library.Dir.File("tmp"), LibraryDirectory = Library.Dir.File("lib") };
    }

    public TestLibrary Library { get; }

    public TinyGenreAnalyzer Analyzer { get; }

    public CatalogBackend Backend { get; }

    public TimbreWebOptions Options { get; }

    /// <summary>A new clip of a family (a variant not in the library), as WAV bytes.</summary>
    public static byte[] Clip(int family, double seconds = 2.5) => TestWav.Encode(TestLibrary.Synth(family, 9, seconds, 22050), 22050);

    public ValueTask DisposeAsync()
    {
        Backend.Dispose();
        Analyzer.Dispose();
        Library.Dispose();
        return ValueTask.CompletedTask;
    }
}
