using System.Text;

namespace Timbre.Data.Corpus.Midi;

/// <summary>
/// Writes a <see cref="MidiSong"/> as a Standard MIDI File, format 1: a conductor track (tempo, time signature)
/// followed by one track per part. Overlapping notes of the same pitch on a track are shortened so every
/// note-on has its own note-off. Output is a pure function of the song (byte-stable).
/// </summary>
public static class MidiFileWriter
{
    /// <summary>Serialises <paramref name="song"/> to SMF bytes.</summary>
    public static byte[] Write(MidiSong song)
    {
        ArgumentNullException.ThrowIfNull(song);
        using var stream = new MemoryStream();
        Write(song, stream);
        return stream.ToArray();
    }

    /// <summary>Serialises <paramref name="song"/> to <paramref name="output"/>.</summary>
    public static void Write(MidiSong song, Stream output)
    {
        ArgumentNullException.ThrowIfNull(song);
        ArgumentNullException.ThrowIfNull(output);
        long end = Math.Max(song.EndTick, LastTick(song));

        var header = new List<byte>();
        header.AddRange("MThd"u8.ToArray());
        AddBigEndian(header, 6, 4);
        AddBigEndian(header, 1, 2);
        AddBigEndian(header, song.Tracks.Count + 1, 2);
        AddBigEndian(header, song.TicksPerQuarter, 2);
        output.Write(header.ToArray());

        WriteChunk(output, ConductorTrack(song, end));
        foreach (MidiTrack track in song.Tracks)
        {
            WriteChunk(output, PartTrack(track, end));
        }
    }

    private static long LastTick(MidiSong song)
    {
        long last = 0;
        foreach (MidiTrack track in song.Tracks)
        {
            foreach (MidiNote n in track.Notes)
            {
                last = Math.Max(last, n.StartTick + n.DurationTicks);
            }

            foreach (MidiControl c in track.Controls)
            {
                last = Math.Max(last, c.Tick);
            }
        }

        return last;
    }

    private static byte[] ConductorTrack(MidiSong song, long end)
    {
        var events = new List<byte>();
        AddVarLen(events, 0);
        AddMetaText(events, 0x03, "conductor");
        int microsPerQuarter = (int)Math.Round(60_000_000.0 / song.TempoBpm);
        AddVarLen(events, 0);
        events.AddRange([0xFF, 0x51, 0x03]);
        AddBigEndian(events, microsPerQuarter, 3);
        AddVarLen(events, 0);
        events.AddRange([0xFF, 0x58, 0x04, (byte)song.BeatsPerBar, 2, 24, 8]);
        AddVarLen(events, end);
        events.AddRange([0xFF, 0x2F, 0x00]);
        return events.ToArray();
    }

    // Event order at equal ticks: note-offs (0), controls (1), note-ons (2); then by pitch/controller.
    private readonly record struct Event(long Tick, int Order, int Key, byte Status, byte Data1, byte Data2);

    private static byte[] PartTrack(MidiTrack track, long end)
    {
        var timeline = new List<Event>();
        byte channel = (byte)track.Channel;
        foreach (MidiControl c in track.Controls)
        {
            timeline.Add(new Event(c.Tick, 1, c.Controller, (byte)(0xB0 | channel), (byte)Math.Clamp(c.Controller, 0, 127), (byte)Math.Clamp(c.Value, 0, 127)));
        }

        foreach (MidiNote n in Untangle(track.Notes))
        {
            byte pitch = (byte)Math.Clamp(n.Pitch, 0, 127);
            byte velocity = (byte)Math.Clamp(n.Velocity, 1, 127);
            timeline.Add(new Event(n.StartTick, 2, pitch, (byte)(0x90 | channel), pitch, velocity));
            timeline.Add(new Event(n.StartTick + n.DurationTicks, 0, pitch, (byte)(0x80 | channel), pitch, 0));
        }

        timeline.Sort((a, b) =>
        {
            int c = a.Tick.CompareTo(b.Tick);
            if (c != 0)
            {
                return c;
            }

            c = a.Order.CompareTo(b.Order);
            return c != 0 ? c : a.Key.CompareTo(b.Key);
        });

        var bytes = new List<byte>();
        AddVarLen(bytes, 0);
        AddMetaText(bytes, 0x03, track.Name);
        AddVarLen(bytes, 0);
        bytes.AddRange([(byte)(0xC0 | channel), (byte)track.Program]);
        long now = 0;
        foreach (Event e in timeline)
        {
            AddVarLen(bytes, e.Tick - now);
            now = e.Tick;
            bytes.AddRange([e.Status, e.Data1, e.Data2]);
        }

        AddVarLen(bytes, Math.Max(0, end - now));
        bytes.AddRange([0xFF, 0x2F, 0x00]);
        return bytes.ToArray();
    }

    /// <summary>Sorts notes and cuts each one short where the next note of the same pitch starts.</summary>
    private static List<MidiNote> Untangle(List<MidiNote> notes)
    {
        var sorted = notes.Where(n => n.DurationTicks > 0 && n.StartTick >= 0)
            .OrderBy(n => n.Pitch).ThenBy(n => n.StartTick).ThenBy(n => n.DurationTicks).ThenBy(n => n.Velocity).ToList();
        var result = new List<MidiNote>(sorted.Count);
        for (int i = 0; i < sorted.Count; i++)
        {
            MidiNote n = sorted[i];
            if (i + 1 < sorted.Count && sorted[i + 1].Pitch == n.Pitch)
            {
                long nextStart = sorted[i + 1].StartTick;
                if (nextStart == n.StartTick)
                {
                    continue; // duplicate onset: keep the later (longer or louder) one only
                }

                if (n.StartTick + n.DurationTicks > nextStart)
                {
                    n = n with { DurationTicks = (int)(nextStart - n.StartTick) };
                }
            }

            result.Add(n);
        }

        return result;
    }

    private static void WriteChunk(Stream output, byte[] body)
    {
        output.Write("MTrk"u8);
        var length = new List<byte>(4);
        AddBigEndian(length, body.Length, 4);
        output.Write(length.ToArray());
        output.Write(body);
    }

    private static void AddMetaText(List<byte> bytes, byte type, string text)
    {
        byte[] ascii = Encoding.ASCII.GetBytes(text);
        bytes.AddRange([0xFF, type]);
        AddVarLen(bytes, ascii.Length);
        bytes.AddRange(ascii);
    }

    /// <summary>Appends a MIDI variable-length quantity (7 bits per byte, high bit = more follows).</summary>
    internal static void AddVarLen(List<byte> bytes, long value)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(value);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(value, 0x0FFFFFFFL);
        Span<byte> buffer = stackalloc byte[4];
        int count = 0;
        do
        {
            buffer[count++] = (byte)(value & 0x7F);
            value >>= 7;
        }
        while (value > 0);

        for (int i = count - 1; i >= 0; i--)
        {
            bytes.Add((byte)(buffer[i] | (i > 0 ? 0x80 : 0)));
        }
    }

    private static void AddBigEndian(List<byte> bytes, long value, int width)
    {
        for (int i = width - 1; i >= 0; i--)
        {
            bytes.Add((byte)((value >> (8 * i)) & 0xFF));
        }
    }
}
