using Timbre.Data.Corpus.Composition;
using Timbre.Data.Corpus.Midi;
using Timbre.Data.Corpus.Styles;

namespace Timbre.Data.Tests.Corpus;

public class ComposerTests
{
    public static TheoryData<string> StyleNames() => new(GenreStyles.All.Keys);

    [Theory]
    [MemberData(nameof(StyleNames))]
    public void Every_style_validates_and_composes_enough_music(string name)
    {
        GenreStyle style = GenreStyles.Get(name);
        style.Validate();
        foreach (PartPattern p in style.BassPatterns.Concat(style.CompPatterns))
        {
            Assert.True(style.Meters.Any(m => p.Steps.Length % m == 0), $"{name}/{p.Name} fits no meter");
        }

        for (ulong seed = 0; seed < 5; seed++)
        {
            ComposedPiece piece = Composer.Compose(style, seed, 30);
            double seconds = piece.Song.EndTick * piece.Song.SecondsPerTick;
            Assert.True(seconds >= 30, $"{name} seed {seed}: only {seconds:0.0} s");
            Assert.InRange(piece.Tempo, style.MinTempo, style.MaxTempo);
            Assert.All(piece.Song.Tracks, t => Assert.NotEmpty(t.Notes));
            Assert.All(piece.Song.Tracks.SelectMany(t => t.Notes), n => Assert.InRange(n.Pitch, 0, 127));
            Assert.Equal(style.Drums.Count > 0, piece.Song.Tracks.Any(t => t.IsDrums));
        }
    }

    [Fact]
    public void Same_seed_gives_identical_midi_and_different_seeds_differ()
    {
        byte[] a = MidiFileWriter.Write(Composer.Compose(GenreStyles.Jazz, 42, 10).Song);
        byte[] b = MidiFileWriter.Write(Composer.Compose(GenreStyles.Jazz, 42, 10).Song);
        byte[] c = MidiFileWriter.Write(Composer.Compose(GenreStyles.Jazz, 43, 10).Song);
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    [Fact]
    public void Pieces_of_one_genre_vary_in_key_tempo_and_instruments()
    {
        List<ComposedPiece> pieces = Enumerable.Range(0, 20).Select(i => Composer.Compose(GenreStyles.Pop, (ulong)i, 5)).ToList();
        Assert.True(pieces.Select(p => p.Key).Distinct().Count() >= 5);
        Assert.True(pieces.Select(p => p.Tempo).Distinct().Count() >= 5);
        Assert.True(pieces.Select(p => p.Instruments).Distinct().Count() >= 10);
        Assert.True(pieces.Select(p => p.Patterns).Distinct().Count() >= 5);
    }

    [Fact]
    public void Metal_uses_distortion_guitar_power_chords()
    {
        ComposedPiece piece = Composer.Compose(GenreStyles.Metal, 7, 10);
        MidiTrack chords = piece.Song.Tracks.Single(t => t.Name == "chords");
        Assert.Contains(chords.Program, new[] { 29, 30, 31 });
    }

    [Fact]
    public void Pcg32_is_stable_and_unbiased_enough()
    {
        var rng = new Pcg32(1);
        uint[] first = Enumerable.Range(0, 3).Select(_ => rng.NextUInt()).ToArray();
        var again = new Pcg32(1);
        Assert.Equal(first, Enumerable.Range(0, 3).Select(_ => again.NextUInt()).ToArray());
        var counts = new int[6];
        var r = new Pcg32(99);
        for (int i = 0; i < 60000; i++)
        {
            counts[r.Next(6)]++;
        }

        Assert.All(counts, c => Assert.InRange(c, 9500, 10500));
        Assert.NotEqual(Pcg32.Mix(1, 2), Pcg32.Mix(2, 1));
    }

    [Theory]
    [InlineData("I", 0, new[] { 0, 4, 7 })]
    [InlineData("ii7", 2, new[] { 0, 3, 7, 10 })]
    [InlineData("V7", 7, new[] { 0, 4, 7, 10 })]
    [InlineData("bVII", 10, new[] { 0, 4, 7 })]
    [InlineData("Imaj7", 0, new[] { 0, 4, 7, 11 })]
    [InlineData("viim7b5", 11, new[] { 0, 3, 6, 10 })]
    [InlineData("i5", 0, new[] { 0, 7 })]
    public void Roman_numerals_parse(string symbol, int root, int[] intervals)
    {
        Chord chord = Chord.Parse(symbol);
        Assert.Equal(root, chord.Root);
        Assert.Equal(intervals, chord.Intervals);
    }

    [Theory]
    [InlineData("X")]
    [InlineData("Iq")]
    [InlineData("vII")]
    public void Bad_chords_throw(string symbol) => Assert.Throws<FormatException>(() => Chord.Parse(symbol));
}
