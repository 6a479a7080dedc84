namespace Timbre.Data.Corpus.Midi;

/// <summary>One note in ticks.</summary>
/// <param name="StartTick">Onset in ticks from the start of the song, ≥ 0.</param>
/// <param name="DurationTicks">Length in ticks, ≥ 1.</param>
/// <param name="Pitch">MIDI key 0–127 (on the drum channel: the GM percussion instrument).</param>
/// <param name="Velocity">Velocity 1–127.</param>
public readonly record struct MidiNote(long StartTick, int DurationTicks, int Pitch, int Velocity);

/// <summary>A control change (e.g. 7 volume, 10 pan, 91 reverb send, 93 chorus send).</summary>
/// <param name="Tick">When, in ticks.</param>
/// <param name="Controller">Controller number 0–127.</param>
/// <param name="Value">Value 0–127.</param>
public readonly record struct MidiControl(long Tick, int Controller, int Value);
