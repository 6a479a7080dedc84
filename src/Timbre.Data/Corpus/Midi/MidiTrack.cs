namespace Timbre.Data.Corpus.Midi;

/// <summary>One instrument part: a channel, its General MIDI program, notes and control changes.</summary>
public sealed class MidiTrack
{
    /// <summary>The GM percussion channel (channel 10, zero-based 9).</summary>
    public const int DrumChannel = 9;

    /// <summary>Creates a track.</summary>
    /// <param name="name">Part name, written as the track name meta event.</param>
    /// <param name="channel">Zero-based MIDI channel 0–15 (9 = drums).</param>
    /// <param name="program">GM program 0–127 (on the drum channel: the drum kit).</param>
    public MidiTrack(string name, int channel, int program)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(channel);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(channel, 15);
        ArgumentOutOfRangeException.ThrowIfNegative(program);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(program, 127);
        Name = name;
        Channel = channel;
        Program = program;
    }

    /// <summary>Part name.</summary>
    public string Name { get; }

    /// <summary>Zero-based MIDI channel.</summary>
    public int Channel { get; }

    /// <summary>GM program (or drum kit on channel 9).</summary>
    public int Program { get; }

    /// <summary>True on the GM percussion channel.</summary>
    public bool IsDrums => Channel == DrumChannel;

    /// <summary>The notes, in any order.</summary>
    public List<MidiNote> Notes { get; } = [];

    /// <summary>Control changes, in any order.</summary>
    public List<MidiControl> Controls { get; } = [];
}
