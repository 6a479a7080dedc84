using Timbre.Audio.Wav;
using Timbre.Core.Errors;
using Timbre.Data.Corpus;
using Timbre.Data.Corpus.Composition;
using Timbre.Data.Corpus.Rendering;
using Timbre.Data.Corpus.Styles;

namespace Timbre.Data.Tests.Corpus;

public class AlbumCorpusGeneratorTests
{
    private static AlbumCorpusOptions Options(string dir) => new()
    {
        OutputDirectory = dir,
        Albums = 3,
        TracksPerAlbum = 2,
        AlbumsPerArtist = 2,
        Genres = ["jazz", "metal"],
        Seconds = 2,
        Seed = 9,
        Parallelism = 2,
    };

    [Trait("Category", "Slow")]
    [Fact]
    public void Library_IsArtistAlbumTrack_Tagged_ByteIdenticalPerSeed_AndResumes()
    {
        using var a = new TempDir();
        using var b = new TempDir();
        var renderer = new FluidSynthRenderer();
        AlbumCorpusResult first = new AlbumCorpusGenerator(renderer, Options(a.Path)).Generate();
        new AlbumCorpusGenerator(renderer, Options(b.Path)).Generate();

        Assert.Equal(6, first.Rendered);
        Assert.Equal(
            ["Artist 01/Album 01/Track 01.wav", "Artist 01/Album 01/Track 02.wav", "Artist 01/Album 02/Track 01.wav", "Artist 01/Album 02/Track 02.wav",
             "Artist 02/Album 03/Track 01.wav", "Artist 02/Album 03/Track 02.wav"],
            first.Entries.Select(e => e.Path));
        Assert.Equal(["jazz", "jazz", "jazz", "jazz", "metal", "metal"], first.Entries.Select(e => e.Genre));
        foreach (AlbumTrackEntry entry in first.Entries)
        {
            byte[] x = File.ReadAllBytes(Path.Combine(a.Path, entry.Path));
            Assert.Equal(x, File.ReadAllBytes(Path.Combine(b.Path, entry.Path)));
            using var stream = new MemoryStream(x);
            WavHeader header = WavReader.ReadHeader(stream, entry.Path);
            Assert.Equal(2 * 22050, header.FrameCount);
            Assert.Equal(entry.Artist, header.Tags["artist"]);
            Assert.Equal(entry.Album, header.Tags["album"]);
            Assert.Equal(Path.GetFileNameWithoutExtension(entry.Path), header.Tags["title"]);
        }

        Assert.Equal(first.Entries, AlbumManifest.Read(Path.Combine(a.Path, AlbumManifest.FileName)));
        Assert.False(File.Exists(Path.Combine(a.Path, CorpusManifest.FileName))); // not a genre corpus
        AlbumCorpusResult again = new AlbumCorpusGenerator(renderer, Options(a.Path)).Generate();
        Assert.Equal((0, 6), (again.Rendered, again.Skipped));

        using var c = new TempDir();
        AlbumCorpusResult other = new AlbumCorpusGenerator(renderer, Options(c.Path) with { Seed = 10 }).Generate();
        Assert.NotEqual(first.Entries.Select(e => e.Seed), other.Entries.Select(e => e.Seed));
    }

    [Fact]
    public void Album_IsOneStyle_OneKeyAndInstrumentsWithinATempoWindow_AndAlbumsDiffer()
    {
        var generator = new AlbumCorpusGenerator(new FluidSynthRenderer(), Options("/tmp/unused") with { Albums = 6, AlbumsPerArtist = 1, Genres = ["pop"] });
        var albums = Enumerable.Range(0, 6).Select(album => Enumerable.Range(0, 8)
            .Select(t => Composer.Compose(generator.StyleOf(album), Pcg32.Mix(1, (ulong)album, (ulong)t), 4)).ToList()).ToList();
        foreach (var tracks in albums)
        {
            Assert.Single(tracks.Select(t => t.Key).Distinct());
            Assert.Single(tracks.Select(t => t.Instruments).Distinct());
            Assert.Single(tracks.Select(t => t.BeatsPerBar).Distinct());
            Assert.InRange(tracks.Max(t => t.Tempo) - tracks.Min(t => t.Tempo), 0, 2 * AlbumStyles.TempoSpread);
        }

        // Six albums of one genre still differ in key or instruments from one another.
        var signatures = albums.Select(t => t[0].Key + "|" + t[0].Instruments).Distinct().Count();
        Assert.True(signatures >= 5, $"only {signatures} distinct album sounds");
    }

    [Fact]
    public void FixedTonic_KeepsEveryOtherChoiceOfThePiece()
    {
        var free = Composer.Compose(GenreStyles.Get("rock"), 42, 4);
        var fixedKey = Composer.Compose(GenreStyles.Get("rock") with { Tonic = 3 }, 42, 4);
        Assert.Equal((free.Tempo, free.Instruments, free.Patterns), (fixedKey.Tempo, fixedKey.Instruments, fixedKey.Patterns));
        Assert.StartsWith("Eb", fixedKey.Key, StringComparison.Ordinal);
        Assert.Throws<InvalidOptionsException>(() => GenreStyles.Get("rock") with { Tonic = 12 } is var s ? Composer.Compose(s, 1, 1) : null);
    }

    [Fact]
    public void BadOptions_AreRejected()
    {
        Assert.Throws<InvalidOptionsException>(() => new AlbumCorpusGenerator(new FluidSynthRenderer(), Options("/tmp/x") with { Albums = 0 }));
        Assert.Throws<InvalidOptionsException>(() => new AlbumCorpusGenerator(new FluidSynthRenderer(), Options("/tmp/x") with { Genres = ["polka"] }));
        Assert.Throws<InvalidOptionsException>(() => new AlbumCorpusGenerator(new FluidSynthRenderer(), Options("/tmp/x") with { Seconds = -1 }));
    }
}
