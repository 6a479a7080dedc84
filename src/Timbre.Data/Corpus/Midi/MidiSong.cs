namespace Timbre.Data.Corpus.Midi;

/// <summary>A multi-track piece at one tempo and meter.</summary>
public sealed class MidiSong
{
    /// <summary>Creates a song.</summary>
    /// <param name="tempoBpm">Quarter notes per minute, 20–300.</param>
    /// <param name="beatsPerBar">Quarter-note beats per bar (time signature numerator over 4), 2–7.</param>
    /// <param name="ticksPerQuarter">Resolution, 24–960; default 480.</param>
    public MidiSong(int tempoBpm, int beatsPerBar, int ticksPerQuarter = 480)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(tempoBpm, 20);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(tempoBpm, 300);
        ArgumentOutOfRangeException.ThrowIfLessThan(beatsPerBar, 2);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(beatsPerBar, 7);
        ArgumentOutOfRangeException.ThrowIfLessThan(ticksPerQuarter, 24);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(ticksPerQuarter, 960);
        TempoBpm = tempoBpm;
        BeatsPerBar = beatsPerBar;
        TicksPerQuarter = ticksPerQuarter;
    }

    /// <summary>Quarter notes per minute.</summary>
    public int TempoBpm { get; }

    /// <summary>Beats per bar.</summary>
    public int BeatsPerBar { get; }

    /// <summary>Ticks per quarter note.</summary>
    public int TicksPerQuarter { get; }

    /// <summary>The parts.</summary>
    public List<MidiTrack> Tracks { get; } = [];

    /// <summary>Where every track ends (end-of-track events); at least the last note-off.</summary>
    public long EndTick { get; set; }

    /// <summary>Seconds per tick at this tempo.</summary>
    public double SecondsPerTick => 60.0 / (TempoBpm * (double)TicksPerQuarter);
}
