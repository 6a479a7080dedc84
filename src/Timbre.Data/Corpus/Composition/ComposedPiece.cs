using Timbre.Data.Corpus.Midi;

namespace Timbre.Data.Corpus.Composition;

/// <summary>A composed piece and the choices that describe it (written to the corpus manifest).</summary>
/// <param name="Song">The MIDI song.</param>
/// <param name="Genre">Style name.</param>
/// <param name="Seed">The seed it was composed from.</param>
/// <param name="Tempo">Quarter notes per minute.</param>
/// <param name="Key">Tonic and mode, e.g. "F#m" or "Bb".</param>
/// <param name="BeatsPerBar">Meter numerator (over 4).</param>
/// <param name="Instruments">Role → GM program, e.g. "lead:65;chords:0;bass:32;kit:32" ("-" when the role is absent).</param>
/// <param name="Patterns">Role → pattern names, e.g. "drums:shuffle/ride-shuffle;bass:walk;comp:stabs/long".</param>
public sealed record ComposedPiece(
    MidiSong Song,
    string Genre,
    ulong Seed,
    int Tempo,
    string Key,
    int BeatsPerBar,
    string Instruments,
    string Patterns);
