using Timbre.Data.Corpus.Midi;

namespace Timbre.Data.Tests.Corpus;

public class MidiFileWriterTests
{
    [Theory]
    [InlineData(0, new byte[] { 0x00 })]
    [InlineData(0x7F, new byte[] { 0x7F })]
    [InlineData(0x80, new byte[] { 0x81, 0x00 })]
    [InlineData(0x3FFF, new byte[] { 0xFF, 0x7F })]
    [InlineData(0x200000, new byte[] { 0x81, 0x80, 0x80, 0x00 })]
    public void Variable_length_quantities_match_the_smf_spec(long value, byte[] expected)
    {
        var bytes = new List<byte>();
        MidiFileWriter.AddVarLen(bytes, value);
        Assert.Equal(expected, bytes);
    }

    [Fact]
    public void Writes_format_1_with_conductor_plus_one_track_per_part()
    {
        var song = new MidiSong(120, 4);
        var piano = new MidiTrack("piano", 0, 0);
        piano.Notes.Add(new MidiNote(0, 480, 60, 100));
        piano.Notes.Add(new MidiNote(240, 480, 60, 90)); // overlaps the first: must be untangled
        var drums = new MidiTrack("drums", MidiTrack.DrumChannel, 0);
        drums.Notes.Add(new MidiNote(0, 120, 36, 100));
        song.Tracks.Add(piano);
        song.Tracks.Add(drums);
        byte[] smf = MidiFileWriter.Write(song);

        Assert.Equal("MThd"u8.ToArray(), smf[..4]);
        Assert.Equal(new byte[] { 0, 1, 0, 3, 0x01, 0xE0 }, smf[8..14]); // format 1, 3 tracks, 480 tpq
        Assert.Equal(3, CountOccurrences(smf, "MTrk"u8.ToArray()));
        Assert.Equal(2, CountOccurrences(smf, [0x90, 60])); // two note-ons
        Assert.Equal(2, CountOccurrences(smf, [0x80, 60, 0])); // two note-offs, one per note-on
        Assert.Equal(1, CountOccurrences(smf, [0x99, 36])); // drum on channel 10
        Assert.Equal(1, CountOccurrences(smf, [0xFF, 0x51, 0x03, 0x07, 0xA1, 0x20])); // 500000 µs per quarter
    }

    private static int CountOccurrences(byte[] haystack, byte[] needle)
    {
        int count = 0;
        for (int i = 0; i + needle.Length <= haystack.Length; i++)
        {
            if (haystack.AsSpan(i, needle.Length).SequenceEqual(needle))
            {
                count++;
            }
        }

        return count;
    }
}
